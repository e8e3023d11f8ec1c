import { lookup } from './io.js';
import pMap from 'p-map';

export async function codesByName(names: string[]): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  const concurrency = 8;
  for (const [key, value] of await pMap(names, async (name) => [name, await lookup(name)] as const, { concurrency })) codes[key] = value;
  return codes;
}
