import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

export async function main(dir: string): Promise<string> {
  const file = join(dir, 'small.txt');
  if (!existsSync(file)) return 'missing';
  return readFileSync(file).toString().trim();
}
