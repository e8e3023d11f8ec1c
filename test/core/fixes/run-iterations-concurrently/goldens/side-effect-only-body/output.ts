import { save, type User } from './io.js';

export async function saveAll(users: User[]): Promise<void> {
  await Promise.all(users.map(async (user) => {
    const record = { name: user.name, updated: true };
    await save(`user:${user.id}`, record);
  }));
}
