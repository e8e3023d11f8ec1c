import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Reads the upload the client just sent. */
export async function main(dir: string): Promise<string> {
  const text = readFileSync(path.join(dir, 'big.txt'), 'utf8');
  return `${text.length} characters, ${text.split('\n').length} lines`;
}
