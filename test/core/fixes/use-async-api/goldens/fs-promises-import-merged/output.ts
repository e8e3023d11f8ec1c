import { readFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';

export async function readSettings(dir: string): Promise<string> {
  return readFile(path.join(dir, 'small.txt'), 'utf8');
}

export async function main(dir: string): Promise<string> {
  const created = await mkdir(path.join(dir, 'cache', 'today'), { recursive: true });
  return path.relative(dir, created ?? dir);
}
