import { save, type User } from './io.js';

export async function saveAll(users: User[]): Promise<void> {
  for (const user of users) {
    const record = { name: user.name, updated: true };
    await save(`user:${user.id}`, record);
  }
}
