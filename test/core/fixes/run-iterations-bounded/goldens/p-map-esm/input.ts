import { save, type User } from './io.js';

export async function saveAll(users: User[]): Promise<void> {
  for (const { id, name } of users) {
    await save(`user:${id}`, name);
  }
}
