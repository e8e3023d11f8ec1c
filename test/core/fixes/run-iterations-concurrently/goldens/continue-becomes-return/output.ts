import { save, type User } from './io.js';

export async function saveNamed(users: User[]): Promise<void> {
  await Promise.all(users.map(async (user) => {
    if (user.name === '') return;
    await save(user.id, user.name.toUpperCase());
  }));
}
