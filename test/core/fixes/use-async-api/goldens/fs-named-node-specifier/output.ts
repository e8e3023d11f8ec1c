import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Reads the upload the client just sent. */
export async function main(dir: string): Promise<string> {
  const text = await readFile(path.join(dir, 'big.txt'), 'utf8');
  return `${text.length} characters, ${text.split('\n').length} lines`;
}
