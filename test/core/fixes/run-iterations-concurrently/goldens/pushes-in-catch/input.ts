import { check } from './io.js';

export async function failuresOf(keys: string[], failures: Array<string | number>): Promise<void> {
  for (const key of keys) {
    try {
      await check(key);
    } catch (error) {
      failures.push(`${key}: ${(error as Error).message}`, key.length);
    }
  }
}
