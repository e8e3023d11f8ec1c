import * as crypto from 'crypto';
import { inspect, promisify } from 'util';

const scryptAsync = promisify(crypto.scrypt) as (password: crypto.BinaryLike, salt: crypto.BinaryLike, keylen: number, options?: crypto.ScryptOptions) => Promise<Buffer>;

export async function main(): Promise<string> {
  const hash = await scryptAsync('hunter2', 'pepper', 64, { N: 2 ** 14, maxmem: 64 * 1024 * 1024 });
  return inspect(hash.subarray(0, 4));
}
