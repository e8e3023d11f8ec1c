import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';

export async function loadTemplate(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

export async function main(dir: string): Promise<string> {
  return readFileSync(`${dir}/small.txt`, 'latin1');
}
