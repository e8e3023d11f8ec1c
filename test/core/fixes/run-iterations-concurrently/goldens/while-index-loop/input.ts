import { save, type User } from './io.js';

export async function archive(users: User[]): Promise<void> {
  let i = 0;
  while (i < users.length) {
    await save(`archived:${users[i].id}`, users[i].name);
    i++;
  }
}
