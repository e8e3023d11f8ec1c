import { createHash } from 'node:crypto';

/** Stretches a password by hashing it many times (deliberately slow). */
export async function stretch(password: string, salt: string): Promise<string> {
  const rounds = 100_000;
  let digest = salt + password;
  for (let i = 0; i < 100_000; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return `${rounds}:${digest}`;
}
