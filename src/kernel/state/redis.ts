import { Redis, type RedisOptions } from 'ioredis';
import type { StateStore } from './store.js';
import { StateUnavailableError } from './unavailable.js';

export interface RedisStateStoreOptions {
  /** `redis://host:port/db` or `rediss://` (TLS). A password in the URL works but is better in `password`. */
  url: string;
  password?: string | undefined;
  /** TLS settings beyond what `rediss://` implies (a private CA). */
  tls?: RedisOptions['tls'];
  /** Every key is stored under this prefix, so one Redis can serve several deployments. */
  keyPrefix?: string;
  /** A command that has no answer after this long fails (the store counts as unreachable). */
  commandTimeoutMs?: number;
  /** Told when the connection is lost or back; never given the URL or the password. */
  onStatus?: (status: 'up' | 'down', detail: string) => void;
}

/** Counter: INCRBY, and set the window's ttl only when the key is new (a fixed window). */
const INCREMENT = `
local value = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {value, ttl}`;

/** One state transition: replace only while the value is still the expected one. */
const COMPARE_AND_SET = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1`;

interface ScriptedRedis extends Redis {
  xdrIncrement(key: string, by: number, ttlMs: number): Promise<[number, number]>;
  xdrCompareAndSet(key: string, expected: string, value: string, ttlMs: string): Promise<number>;
}

/** SCAN's MATCH is a glob: a prefix is matched literally. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

function positiveTtl(ttlMs: number): number {
  if (!(ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${ttlMs}`);
  return Math.ceil(ttlMs);
}

/**
 * The StateStore for several replicas. Every method is one Redis command or one Lua script, so it is
 * atomic across processes. Commands are never queued while the connection is down: they fail at once
 * with StateUnavailableError (a write must not wait, then act on state that has moved), and the client
 * reconnects on its own, so recovery needs no restart.
 */
export class RedisStateStore implements StateStore {
  readonly #redis: ScriptedRedis;
  readonly #prefix: string;
  #closed = false;

  constructor(options: RedisStateStoreOptions) {
    this.#prefix = options.keyPrefix ?? 'mcp-xdr:';
    this.#redis = new Redis(options.url, {
      ...(options.password === undefined ? {} : { password: options.password }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: 5000,
      // Keeps trying, a little slower each time, never more than 2 s apart.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
      lazyConnect: true,
    }) as ScriptedRedis;
    this.#redis.defineCommand('xdrIncrement', { numberOfKeys: 1, lua: INCREMENT });
    this.#redis.defineCommand('xdrCompareAndSet', { numberOfKeys: 1, lua: COMPARE_AND_SET });
    let up = false;
    this.#redis.on('ready', () => {
      up = true;
      options.onStatus?.('up', 'connected');
    });
    // Without a listener an 'error' event would crash the process; the detail is the error code only.
    this.#redis.on('error', (error: NodeJS.ErrnoException) => {
      if (!up) return;
      up = false;
      options.onStatus?.('down', error.code ?? 'connection error');
    });
    this.#redis.on('end', () => {
      if (up && !this.#closed) options.onStatus?.('down', 'connection closed');
      up = false;
    });
    this.#redis.on('close', () => {
      if (up && !this.#closed) options.onStatus?.('down', 'connection closed');
      up = false;
    });
  }

  /** Starts connecting; resolves true once ready, false when not ready within `waitMs` (it keeps trying). */
  async connect(waitMs = 5000): Promise<boolean> {
    if (this.#redis.status === 'wait') this.#redis.connect().catch(() => undefined);
    if (this.#redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ready: boolean) => {
        clearTimeout(timer);
        this.#redis.off('ready', onReady);
        resolve(ready);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), waitMs);
      this.#redis.on('ready', onReady);
    });
  }

  /** Whether the connection is up now. */
  get connected(): boolean {
    return this.#redis.status === 'ready';
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    const ttl = positiveTtl(ttlMs);
    return (await this.#run(() => this.#redis.set(this.#key(key), value, 'PX', ttl, 'NX'))) === 'OK';
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const ttl = positiveTtl(ttlMs);
    await this.#run(() => this.#redis.set(this.#key(key), value, 'PX', ttl));
  }

  async compareAndSet(key: string, expected: string, value: string, ttlMs?: number): Promise<boolean> {
    const ttl = ttlMs === undefined ? '' : String(positiveTtl(ttlMs));
    return (await this.#run(() => this.#redis.xdrCompareAndSet(this.#key(key), expected, value, ttl))) === 1;
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.#run(() => this.#redis.get(this.#key(key)))) ?? undefined;
  }

  async list(prefix: string, limit: number): Promise<Array<{ key: string; value: string }>> {
    const match = `${globEscape(this.#key(prefix))}*`;
    const keys = new Set<string>();
    let cursor = '0';
    do {
      const [next, batch] = await this.#run(() => this.#redis.scan(cursor, 'MATCH', match, 'COUNT', 200));
      for (const key of batch) if (keys.size < limit) keys.add(key);
      cursor = next;
    } while (cursor !== '0' && keys.size < limit);
    if (keys.size === 0) return [];
    const ordered = [...keys];
    const values = await this.#run(() => this.#redis.mget(ordered));
    // A key can expire between SCAN and MGET: it is no longer live, so it is left out.
    return ordered.flatMap((key, i) => {
      const value = values[i];
      return value === null || value === undefined ? [] : [{ key: key.slice(this.#prefix.length), value }];
    });
  }

  async delete(key: string): Promise<void> {
    await this.#run(() => this.#redis.del(this.#key(key)));
  }

  async increment(key: string, by: number, ttlMs: number): Promise<{ value: number; ttlMs: number }> {
    const ttl = positiveTtl(ttlMs);
    const [value, left] = await this.#run(() => this.#redis.xdrIncrement(this.#key(key), by, ttl));
    return { value: Number(value), ttlMs: Number(left) };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }

  #key(key: string): string {
    return this.#prefix + key;
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new Error('state store is closed');
    try {
      return await command();
    } catch (error) {
      throw new StateUnavailableError(error);
    }
  }
}
