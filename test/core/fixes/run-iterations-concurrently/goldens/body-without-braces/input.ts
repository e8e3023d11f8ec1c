import { save } from './io.js';

export async function touchAll(keys: readonly string[]): Promise<void> {
  for (const key of keys) await save(key, Date.now() > 0);
}
