import { getUser, type User } from './io.js';

async function listIds(): Promise<string[]> {
  return ['x', 'y'];
}

export async function everyone(): Promise<User[]> {
  const users: User[] = await Promise.all(Array.from(await listIds(), async (id) => getUser(id)));
  return users;
}
