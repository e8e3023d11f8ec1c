import mapLimited from 'p-map';
import { getUser, type User } from './io.js';

export async function usersFor(ids: Set<string>): Promise<User[]> {
  const users = [];
  for (const id of ids) {
    users.push(await getUser(id));
  }
  return users;
}

export async function namesFor(ids: string[]): Promise<string[]> {
  return mapLimited(ids, async (id) => (await getUser(id)).name, { concurrency: 2 });
}
