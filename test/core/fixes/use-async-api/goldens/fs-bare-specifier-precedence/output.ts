import { existsSync } from 'fs';
import { readFile } from 'fs/promises';
import { join } from 'path';

export async function main(dir: string): Promise<string> {
  const file = join(dir, 'small.txt');
  if (!existsSync(file)) return 'missing';
  return (await readFile(file)).toString().trim();
}
