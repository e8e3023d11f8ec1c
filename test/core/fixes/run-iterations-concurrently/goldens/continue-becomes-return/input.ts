import { save, type User } from './io.js';

export async function saveNamed(users: User[]): Promise<void> {
  for (const user of users) {
    if (user.name === '') continue;
    await save(user.id, user.name.toUpperCase());
  }
}
