import { readFileSync } from 'node:fs';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Dispatcher, EnvHttpProxyAgent } from 'undici';

type Undici = typeof import('undici');
let undici: Undici | undefined;

/** undici is imported on the first request: a deployment's start-up (to its tool list) never needs it. */
async function loadUndici(): Promise<Undici> {
  undici ??= await import('undici');
  return undici;
}

/**
 * The one HTTP stack: our Graph/MDE clients and MSAL (as its network client) go through the same
 * undici dispatcher, so a proxy, an extra CA (TLS-inspecting proxy or the emulator), timeouts and
 * the response size limit apply to every byte we exchange with Microsoft.
 */
export interface HttpStackOptions {
  /** PEM file of an extra CA, trusted in addition to the public roots. */
  caFile?: string | undefined;
  /** PEM text of an extra CA (tests). */
  ca?: string | undefined;
  /** Proxy URL; overrides HTTPS_PROXY. NO_PROXY still applies. */
  proxy?: string | undefined;
  env?: NodeJS.ProcessEnv;
  connectTimeoutMs?: number;
  /** Upper bound for one request (headers and body), unless the caller's deadline is sooner. */
  requestTimeoutMs?: number;
  maxResponseBytes?: number;
  /** Keep-alive sockets per origin. */
  connections?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | undefined;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  text: string;
}

export interface MsalNetworkModule extends INetworkModule {
  lastTransportError: TransportError | undefined;
  /** Status and headers of the last response (for the token endpoint's Retry-After). */
  lastResponse: { status: number; headers: Record<string, string> } | undefined;
}

export type TransportFailure = 'timeout' | 'reset' | 'aborted' | 'connect' | 'tls' | 'too_large' | 'other';

/** A request that got no usable HTTP response. Its message never includes URLs' query strings or bodies. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message);
  }
}

export class HttpStack {
  readonly #agentOptions: EnvHttpProxyAgent.Options;
  #dispatcher: Dispatcher | undefined;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(options: HttpStackOptions = {}) {
    const env = options.env ?? process.env;
    const extraCa = options.ca ?? (options.caFile ? readFileSync(options.caFile, 'utf8') : undefined);
    // One secure context for every connection: passing `ca` instead makes Node parse all the root
    // certificates again for each new socket (~100 ms of CPU each, measured).
    const tls = extraCa ? { secureContext: createSecureContext({ ca: [...rootCertificates, extraCa] }) } : {};
    const connectTimeout = options.connectTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    const httpsProxy = options.proxy ?? env.HTTPS_PROXY ?? env.https_proxy;
    this.#agentOptions = {
      httpProxy: options.proxy ?? env.HTTP_PROXY ?? env.http_proxy ?? '',
      httpsProxy: httpsProxy ?? '',
      noProxy: env.NO_PROXY ?? env.no_proxy ?? '',
      connect: { ...tls, timeout: connectTimeout },
      requestTls: { ...tls, timeout: connectTimeout },
      proxyTls: { ...tls, timeout: connectTimeout },
      keepAliveTimeout: 30_000,
      connections: options.connections ?? 64,
    };
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const timeout = AbortSignal.timeout(req.timeoutMs ?? this.requestTimeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    try {
      const { request, EnvHttpProxyAgent } = await loadUndici();
      this.#dispatcher ??= new EnvHttpProxyAgent(this.#agentOptions);
      const res = await request(req.url, {
        dispatcher: this.#dispatcher,
        method: req.method,
        headers: req.headers,
        body: req.body,
        signal,
      });
      const text = await this.readCapped(res.body);
      return { status: res.statusCode, headers: flattenHeaders(res.headers), text };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      if (req.signal?.aborted) throw new TransportError('aborted', 'The request was cancelled.');
      if (timeout.aborted) throw new TransportError('timeout', 'The request timed out.');
      throw classify(error);
    }
  }

  /**
   * MSAL's network client: same dispatcher, same limits. Body is parsed JSON (MSAL's contract).
   * MSAL replaces network failures with a generic `network_error`, so the client keeps the last
   * TransportError for the token layer to report what actually went wrong (TLS, proxy, timeout).
   */
  networkModule(): MsalNetworkModule {
    const call = async <T>(
      method: 'GET' | 'POST',
      url: string,
      options?: NetworkRequestOptions,
      timeoutMs?: number,
    ): Promise<NetworkResponse<T>> => {
      let res: HttpResponse;
      try {
        res = await this.send({
          method,
          url,
          ...(options?.headers ? { headers: options.headers } : {}),
          ...(options?.body !== undefined ? { body: options.body } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
        });
      } catch (error) {
        if (error instanceof TransportError) client.lastTransportError = error;
        throw error;
      }
      client.lastResponse = { status: res.status, headers: res.headers };
      let body: unknown = {};
      try {
        body = res.text ? JSON.parse(res.text) : {};
      } catch {
        body = { error: 'invalid_response', error_description: `Non-JSON response (HTTP ${res.status}).` };
      }
      return { headers: res.headers, body: body as T, status: res.status };
    };
    const client: MsalNetworkModule = {
      lastTransportError: undefined,
      lastResponse: undefined,
      sendGetRequestAsync: (url, options, timeout) => call('GET', url, options, timeout),
      sendPostRequestAsync: (url, options) => call('POST', url, options),
    };
    return client;
  }

  close(): Promise<void> {
    return this.#dispatcher?.close() ?? Promise.resolve();
  }

  private async readCapped(body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown }): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.length;
      if (size > this.maxResponseBytes) {
        body.destroy();
        throw new TransportError('too_large', `The response exceeded ${this.maxResponseBytes} bytes.`);
      }
      chunks.push(chunk);
    }
    const whole = Buffer.concat(chunks, size);
    chunks.length = 0; // let the pieces go before the string copy: large hunts are the peak
    return whole.toString('utf8');
  }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Only called for an error of a request, so undici is loaded. */
function classify(error: unknown): TransportError {
  const code = errorCode(error);
  const undiciErrors = (undici as Undici).errors;
  if (error instanceof undiciErrors.ConnectTimeoutError)
    return new TransportError('timeout', 'Connecting timed out.');
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return new TransportError('timeout', 'The response timed out.');
  }
  if (code && RESET_CODES.has(code)) return new TransportError('reset', 'The connection was reset.');
  if (code && CONNECT_CODES.has(code)) return new TransportError('connect', `Could not connect (${code}).`);
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return new TransportError(
      'tls',
      `TLS verification failed (${code}); is caFile set for a TLS-inspecting proxy?`,
    );
  }
  return new TransportError('other', `The request failed${code ? ` (${code})` : ''}.`);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** One HttpStack per distinct (caFile, proxy): tenants that share network settings share sockets. */
export class HttpStackPool {
  private readonly stacks = new Map<string, HttpStack>();

  constructor(private readonly base: Omit<HttpStackOptions, 'caFile' | 'proxy'> = {}) {}

  for(settings: { caFile?: string | undefined; proxy?: string | undefined }): HttpStack {
    const id = `${settings.caFile ?? ''}\u0000${settings.proxy ?? ''}`;
    let stack = this.stacks.get(id);
    if (!stack) {
      stack = new HttpStack({ ...this.base, caFile: settings.caFile, proxy: settings.proxy });
      this.stacks.set(id, stack);
    }
    return stack;
  }

  async close(): Promise<void> {
    await Promise.all([...this.stacks.values()].map((s) => s.close()));
    this.stacks.clear();
  }
}
