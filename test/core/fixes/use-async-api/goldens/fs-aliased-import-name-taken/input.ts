import { readFileSync as rf } from 'node:fs';
import * as path from 'node:path';

function readFile(name: string): string {
  return `stub for ${name}`;
}

export async function main(dir: string): Promise<string[]> {
  const real = rf(path.join(dir, 'small.txt'), 'utf8');
  return [readFile('a'), real];
}
