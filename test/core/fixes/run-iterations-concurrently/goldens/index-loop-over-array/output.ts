import { save, type User } from './io.js';

export async function renumber(users: User[]): Promise<void> {
  await Promise.all(users.map(async (user, i) => {
    await save(user.id, { position: i, name: user.name });
  }));
}
