import { save, type User } from './io.js';
import pMap from 'p-map';

export async function saveAll(users: User[]): Promise<void> {
  const concurrency = 8;
  await pMap(users, async ({ id, name }) => {
    await save(`user:${id}`, name);
  }, { concurrency });
}
