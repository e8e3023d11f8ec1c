import { save } from './io.js';

export async function markLast(ids: string[]): Promise<void> {
  for (let i = 0, n = ids.length; i < n; ++i) {
    await save(ids[i], i === n - 1);
  }
}
