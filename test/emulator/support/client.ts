import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { Agent, fetch } from 'undici';

/** An HTTPS agent that trusts the emulator CA (and only it), the way a client trusts a corporate proxy's CA. */
export function trustingAgent(ca: string): Agent {
  return new Agent({ connect: { ca } });
}

/**
 * MSAL's documented `system.networkClient` hook, backed by undici with the emulator CA: configuration,
 * not a patch (msal-node 7 uses global fetch, which has no per-client CA option). `observe` lets a
 * test look at what MSAL sends.
 */
export function msalNetworkClient(
  ca: string,
  observe?: (url: string, body?: string) => void,
): INetworkModule {
  const dispatcher = trustingAgent(ca);
  async function send<T>(
    url: string,
    method: 'GET' | 'POST',
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    observe?.(url, options?.body);
    const response = await fetch(url, { method, headers: options?.headers, body: options?.body, dispatcher });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await response.json()) as T, status: response.status };
  }
  return {
    sendGetRequestAsync: (url, options) => send(url, 'GET', options),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json(): unknown;
}

/** A plain HTTPS call to the emulator. */
export async function call(
  agent: Agent,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpResult> {
  const response = await fetch(url, { ...init, dispatcher: agent });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers as unknown as Headers,
    text,
    json: () => JSON.parse(text),
  };
}
