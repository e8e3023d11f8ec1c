import { save, type User } from './io.js';

export async function renumber(users: User[]): Promise<void> {
  for (let i = 0; i < users.length; i++) {
    if (users[i].name === '') continue;
    await save(users[i].id, { position: i, name: users[i].name });
  }
}
