import { getUser, type User } from './io.js';

export async function realUsers(ids: string[]): Promise<User[]> {
  const users: User[] = [];
  for (const id of ids) {
    if (id.startsWith('test-')) continue;
    users.push(await getUser(id));
  }
  return users;
}
