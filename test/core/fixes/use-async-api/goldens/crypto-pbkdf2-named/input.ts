import { pbkdf2Sync } from 'node:crypto';

export async function main(): Promise<string> {
  const key = pbkdf2Sync('correct horse battery staple', 'salt', 200_000, 32, 'sha512');
  return key.toString('hex');
}
