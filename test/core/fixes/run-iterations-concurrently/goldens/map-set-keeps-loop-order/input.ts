import { lookup } from './io.js';

export async function resolveAll(hosts: string[]): Promise<Map<string, string>> {
  const addresses = new Map<string, string>();
  for (const host of hosts) {
    const trimmed = host.trim();
    addresses.set(trimmed, await lookup(trimmed));
  }
  return addresses;
}
