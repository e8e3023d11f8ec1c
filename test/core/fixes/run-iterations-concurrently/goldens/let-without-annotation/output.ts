import { getUser } from './io.js';

export async function namesOf(ids: string[]): Promise<string[]> {
  let names = await Promise.all(ids.map(async (id) => (await getUser(id)).name));
  names = names.filter((name) => name.length > 0);
  return names;
}
