import { lookup } from './io.js';

export async function resolveAll(hosts: string[]): Promise<Map<string, string>> {
  const addresses = new Map<string, string>();
  for (const [key, value] of await Promise.all(hosts.map(async (host) => {
    const trimmed = host.trim();
    return [trimmed, await lookup(trimmed)] as const;
  }))) addresses.set(key, value);
  return addresses;
}
