import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KernelConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../tokens.js';
import { MemoryStateStore } from './memory.js';
import type { StateStore } from './store.js';

export interface OpenStateStoreOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where `state.redis.urlEnv` and `passwordEnv` are read. */
  readonly env: NodeJS.ProcessEnv;
  /** A relative `tls.caFile` resolves here (the config file's folder). */
  readonly configDir: string;
}

/** The Redis URL the config names, directly or by variable; undefined when neither is set. */
export function redisUrlOf(state: KernelConfig['state'], env: NodeJS.ProcessEnv): string | undefined {
  const url = state.redisUrl ?? env[state.redis.urlEnv];
  return url === '' ? undefined : url;
}

/** Throws ConfigError unless `url` is `redis://` or `rediss://`; never echoes it (it may hold a password). */
export function checkRedisUrl(url: string): void {
  if (!/^rediss?:\/\//.test(url)) {
    throw new ConfigError('The Redis URL is not valid', [
      'state.redisUrl: must start with redis:// or rediss://',
    ]);
  }
}

/**
 * The store the config names. Redis is imported only when chosen (a single process pays nothing for
 * it). A Redis that is down at start does not stop the start: the server comes up with reads counted
 * locally and writes refused, and the client keeps reconnecting, as it does for a later outage.
 */
export async function openStateStore(
  state: KernelConfig['state'],
  options: OpenStateStoreOptions,
): Promise<StateStore> {
  if (state.store === 'memory') return new MemoryStateStore({ clock: options.clock });
  const { redis } = state;
  const url = redisUrlOf(state, options.env);
  if (url === undefined || url === '') {
    throw new ConfigError("state.store is 'redis' but no Redis URL is set", [
      `state.redisUrl: set it, or set the environment variable ${redis.urlEnv}`,
    ]);
  }
  checkRedisUrl(url);
  const password = options.env[redis.passwordEnv] || undefined;
  // Read now: a missing CA file is a configuration error at start, not a failed reconnect later.
  const tls =
    typeof redis.tls === 'object'
      ? { ca: readFileSync(resolve(options.configDir, redis.tls.caFile)) }
      : redis.tls || url.startsWith('rediss://')
        ? {}
        : undefined;
  const { RedisStateStore } = await import('./redis.js');
  const { logger } = options;
  const store = new RedisStateStore({
    url,
    password,
    tls,
    keyPrefix: redis.keyPrefix,
    commandTimeoutMs: redis.commandTimeoutMs,
    onStatus: (status, detail) => {
      if (status === 'up') logger.info({ store: 'redis' }, 'state store: Redis connected');
      else
        logger.warn(
          { store: 'redis', detail },
          'state store: Redis unreachable; write tools are refused and reads count limits on this replica until it is back',
        );
    },
  });
  if (!(await store.connect())) {
    logger.warn(
      { store: 'redis' },
      'state store: Redis not reachable at start; reads count limits on this replica and writes are refused until it is',
    );
  }
  return store;
}
