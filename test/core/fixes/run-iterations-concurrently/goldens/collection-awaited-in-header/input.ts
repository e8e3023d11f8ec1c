import { getUser, type User } from './io.js';

async function listIds(): Promise<string[]> {
  return ['x', 'y'];
}

export async function everyone(): Promise<User[]> {
  const users: User[] = [];
  for (const id of await listIds()) {
    users.push(await getUser(id));
  }
  return users;
}
