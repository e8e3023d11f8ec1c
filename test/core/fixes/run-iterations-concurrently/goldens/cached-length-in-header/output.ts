import { save } from './io.js';

export async function markLast(ids: string[]): Promise<void> {
  await Promise.all(ids.map(async (id, i) => {
    await save(id, i === ids.length - 1);
  }));
}
