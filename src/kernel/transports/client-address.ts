import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** A BlockList of addresses and CIDR ranges (`10.0.0.0/8`, `fd00::/8`, `192.0.2.7`). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new Error(`not an address or CIDR range: ${entry}`);
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

function bare(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function inList(list: BlockList, address: string): boolean {
  const plain = bare(address);
  const family = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
  return isIP(plain) !== 0 && list.check(plain, family);
}

/**
 * The client's address: the peer's, or, when the peer is a trusted proxy, the nearest address in
 * X-Forwarded-For that is not itself a trusted proxy. From anyone else the header is ignored: a
 * client could otherwise pick the address its failed attempts are counted against.
 */
export function clientAddress(req: IncomingMessage, trustedProxies: BlockList): string {
  const peer = bare(req.socket.remoteAddress ?? '');
  if (!inList(trustedProxies, peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => bare(hop.trim()))
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = hops[i] as string;
    if (!inList(trustedProxies, hop)) return hop;
  }
  return peer;
}
