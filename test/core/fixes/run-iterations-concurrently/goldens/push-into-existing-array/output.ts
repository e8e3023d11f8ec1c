import { getUser, type User } from './io.js';

export async function addMembers(team: User[], memberIds: readonly string[]): Promise<number> {
  const before = team.length;
  team.push(...(await Promise.all(memberIds.map(async (id) => getUser(id)))));
  return team.length - before;
}
