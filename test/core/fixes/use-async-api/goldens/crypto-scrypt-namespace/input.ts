import * as crypto from 'crypto';
import { inspect } from 'util';

export async function main(): Promise<string> {
  const hash = crypto.scryptSync('hunter2', 'pepper', 64, { N: 2 ** 14, maxmem: 64 * 1024 * 1024 });
  return inspect(hash.subarray(0, 4));
}
