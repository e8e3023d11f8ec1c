import { save } from './io.js';

export async function touchAll(keys: readonly string[]): Promise<void> {
  await Promise.all(keys.map(async (key) => save(key, Date.now() > 0)));
}
