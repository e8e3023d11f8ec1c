import { getUser, type User } from './io.js';

export async function realUsers(ids: string[]): Promise<User[]> {
  const users: User[] = (await Promise.all(ids.map(async (id) => {
    const usersOfItem: User[] = [];
    if (id.startsWith('test-')) return usersOfItem;
    usersOfItem.push(await getUser(id));
    return usersOfItem;
  }))).flat();
  return users;
}
