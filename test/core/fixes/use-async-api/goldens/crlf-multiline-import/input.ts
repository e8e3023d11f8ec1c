import {
  appendFileSync,
  readFileSync,
} from 'node:fs';
import * as path from 'node:path';

function readLogSync(file: string): string {
  return readFileSync(file, 'utf8');
}

export async function main(dir: string): Promise<string> {
  const log = path.join(dir, 'audit.log');
  appendFileSync(log, 'signed in\n');
  return readLogSync(log);
}
