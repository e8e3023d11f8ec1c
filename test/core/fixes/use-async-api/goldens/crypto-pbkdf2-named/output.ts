import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);

export async function main(): Promise<string> {
  const key = await pbkdf2Async('correct horse battery staple', 'salt', 200_000, 32, 'sha512');
  return key.toString('hex');
}
