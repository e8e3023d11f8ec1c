import { scryptSync, timingSafeEqual, scrypt, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: BinaryLike, salt: BinaryLike, keylen: number, options?: ScryptOptions) => Promise<Buffer>;

export async function main(): Promise<boolean> {
  const stored = await scryptAsync('hunter2', 'pepper', 32);
  const attempt = scryptSync('hunter2', 'pepper', 32);
  return timingSafeEqual(stored, attempt);
}
