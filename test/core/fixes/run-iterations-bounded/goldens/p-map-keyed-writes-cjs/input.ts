import { lookup } from './io.js';

export async function codesByName(names: string[]): Promise<Record<string, string>> {
  const codes: Record<string, string> = {};
  for (const name of names) {
    codes[name] = await lookup(name);
  }
  return codes;
}
