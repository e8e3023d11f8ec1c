import { scryptSync, timingSafeEqual } from 'node:crypto';

export async function main(): Promise<boolean> {
  const stored = scryptSync('hunter2', 'pepper', 32);
  const attempt = scryptSync('hunter2', 'pepper', 32);
  return timingSafeEqual(stored, attempt);
}
