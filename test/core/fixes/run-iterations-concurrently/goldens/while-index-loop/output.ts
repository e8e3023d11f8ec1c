import { save, type User } from './io.js';

export async function archive(users: User[]): Promise<void> {
  await Promise.all(users.map(async (user) => {
    await save(`archived:${user.id}`, user.name);
  }));
}
