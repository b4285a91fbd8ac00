import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { ConfigError, ToolError } from '../errors.js';
import type { StateStore } from '../state/store.js';
import type { Clock } from '../tokens.js';

/** What a confirmation token is bound to: the same tool, arguments, tenant and principal. */
export interface TokenBinding {
  tool: string;
  /** Validated arguments, without `confirmationToken`. */
  args: Readonly<Record<string, unknown>>;
  /** The resolved tenant key (ToolContext.tenants); undefined when the deployment knows no tenants. */
  tenant: string | undefined;
  principal: string;
}

/** Why a token was refused; goes into the error's details so clients and tests can tell them apart. */
export type TokenRefusal =
  | 'malformed'
  | 'bad_signature'
  | 'expired'
  | 'other_tool'
  | 'other_principal'
  | 'other_tenant'
  | 'arguments_changed'
  | 'replayed';

interface Payload {
  v: 1;
  tool: string;
  args: string;
  tenant: string;
  principal: string;
  nonce: string;
  exp: number;
}

export type BindingDigests = Omit<Payload, 'v' | 'nonce' | 'exp'>;

const MIN_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 1024;
let processSecret: Buffer | undefined;
let warnedAboutProcessSecret = false;

/**
 * The HMAC key: from the named environment variable (shared by replicas), else one random key per
 * process, with a single warning, because tokens minted by one replica then fail on another. A
 * deployment with no write or destructive tool enabled issues no tokens: it passes no `warn`.
 */
export function resolveConfirmationSecret(secretEnv: string, warn?: (message: string) => void): Buffer {
  const configured = process.env[secretEnv];
  if (configured !== undefined && configured !== '') {
    if (configured.length < MIN_SECRET_LENGTH) {
      throw new ConfigError(`${secretEnv} is too short for an HMAC key`, [
        `policy.confirmation.secretEnv: ${secretEnv} must hold at least ${MIN_SECRET_LENGTH} characters of random data`,
      ]);
    }
    return Buffer.from(configured, 'utf8');
  }
  processSecret ??= randomBytes(32);
  if (warn !== undefined && !warnedAboutProcessSecret) {
    warnedAboutProcessSecret = true;
    warn(
      `${secretEnv} is not set: confirmation tokens are signed with a random key for this process only; ` +
        'replicas behind a load balancer will not accept each other’s tokens.',
    );
  }
  return processSecret;
}

/** Issues and redeems single-use, expiring, HMAC-SHA256 signed confirmation tokens. */
export class ConfirmationTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly store: StateStore,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  issue(binding: TokenBinding): { token: string; expiresAt: string } {
    const exp = this.clock.now() + this.ttlSeconds * 1000;
    const payload: Payload = {
      v: 1,
      ...bindingDigests(binding),
      nonce: randomBytes(16).toString('base64url'),
      exp,
    };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return { token: `${body}.${this.#sign(body)}`, expiresAt: new Date(exp).toISOString() };
  }

  /** Checks everything first, then consumes the nonce: a refused token stays unspent. */
  async redeem(token: string, binding: TokenBinding): Promise<void> {
    const payload = this.#authentic(token);
    if (this.clock.now() >= payload.exp) refuse('expired', 'it has expired');
    const mismatch = bindingMismatch(payload, bindingDigests(binding));
    if (mismatch !== undefined) refuse(mismatch.reason, `it was ${mismatch.why}`);
    const ttlMs = payload.exp - this.clock.now();
    if (!(await this.store.setIfAbsent(`confirm:nonce:${payload.nonce}`, '1', ttlMs))) {
      refuse('replayed', 'it has already been used (tokens are single-use)');
    }
  }

  #authentic(token: string): Payload {
    // Ours are a few hundred characters: do not hash megabytes a caller sends.
    if (token.length > MAX_TOKEN_LENGTH) refuse('malformed', 'it is not a token this server issued');
    const [body, signature, ...rest] = token.split('.');
    if (body === undefined || signature === undefined || rest.length > 0 || body === '') {
      refuse('malformed', 'it is not a token this server issued');
    }
    // Compare the text, not decoded bytes: base64url decoding skips stray characters, which would
    // let many spellings of one signature pass.
    const expected = Buffer.from(this.#sign(body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      refuse('bad_signature', 'its signature does not verify');
    }
    const payload = parsePayload(body);
    if (payload === undefined) refuse('malformed', 'it is not a token this server issued');
    return payload;
  }

  #sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

/** How a presented binding differs from the one issued (tokens and pending approvals say it alike). */
export function bindingMismatch(
  issued: BindingDigests,
  presented: BindingDigests,
): { reason: TokenRefusal; why: string } | undefined {
  if (issued.tool !== presented.tool) return { reason: 'other_tool', why: 'issued for a different tool' };
  if (issued.principal !== presented.principal)
    return { reason: 'other_principal', why: 'issued to someone else' };
  if (issued.tenant !== presented.tenant)
    return { reason: 'other_tenant', why: 'issued for a different tenant' };
  if (issued.args !== presented.args) {
    return {
      reason: 'arguments_changed',
      why: 'issued for other arguments (the arguments differ from the ones previewed)',
    };
  }
  return undefined;
}

/** Hashes of each bound part: what tokens and pending approvals compare (never the raw arguments). */
export function bindingDigests(binding: TokenBinding): BindingDigests {
  const { confirmationToken: _excluded, ...args } = binding.args;
  return {
    tool: sha256(binding.tool),
    args: sha256(canonicalJson(args)),
    // A JSON tuple keeps "no tenant" apart from any tenant key.
    tenant: sha256(JSON.stringify([binding.tenant ?? null])),
    principal: sha256(binding.principal),
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

function parsePayload(body: string): Payload | undefined {
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<Payload>;
    const strings = [value.tool, value.args, value.tenant, value.principal, value.nonce];
    if (value.v !== 1 || typeof value.exp !== 'number' || !strings.every((s) => typeof s === 'string')) {
      return undefined;
    }
    return value as Payload;
  } catch {
    return undefined;
  }
}

function refuse(reason: TokenRefusal, why: string): never {
  throw new ToolError(
    'confirmation_required',
    `The confirmation token was refused: ${why}. Nothing was changed.`,
    {
      hint: 'Call the tool again without confirmationToken to get a fresh preview and token.',
      details: { reason },
    },
  );
}
