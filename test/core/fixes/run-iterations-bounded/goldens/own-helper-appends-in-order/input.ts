import { getUser, type User } from './io.js';

export async function addMembers(team: User[], memberIds: readonly string[]): Promise<number> {
  const before = team.length;
  for (const id of memberIds) {
    const user = await getUser(id);
    team.push(user);
  }
  return team.length - before;
}
