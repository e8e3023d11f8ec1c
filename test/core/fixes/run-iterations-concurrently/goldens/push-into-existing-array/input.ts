import { getUser, type User } from './io.js';

export async function addMembers(team: User[], memberIds: readonly string[]): Promise<number> {
  const before = team.length;
  for (const id of memberIds) {
    team.push(await getUser(id));
  }
  return team.length - before;
}
