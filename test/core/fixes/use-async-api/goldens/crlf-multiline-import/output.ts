import {
  readFileSync,
} from 'node:fs';
import { appendFile } from 'node:fs/promises';
import * as path from 'node:path';

function readLogSync(file: string): string {
  return readFileSync(file, 'utf8');
}

export async function main(dir: string): Promise<string> {
  const log = path.join(dir, 'audit.log');
  await appendFile(log, 'signed in\n');
  return readLogSync(log);
}
