import { lookup } from './io.js';

export async function codesByName(names: string[]): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  for (const [key, value] of await Promise.all(names.map(async (name) => [name, await lookup(name)] as const))) codes[key] = value;
  return codes;
}
