import mapLimited from 'p-map';
import { getUser, type User } from './io.js';

export async function usersFor(ids: Set<string>): Promise<User[]> {
  const concurrency = 8;
  const users = await mapLimited(ids, async (id) => getUser(id), { concurrency });
  return users;
}

export async function namesFor(ids: string[]): Promise<string[]> {
  return mapLimited(ids, async (id) => (await getUser(id)).name, { concurrency: 2 });
}
