import { getUser } from './io.js';

export async function namesOf(ids: string[]): Promise<string[]> {
  let names = [];
  for (const id of ids) {
    names.push((await getUser(id)).name);
  }
  names = names.filter((name) => name.length > 0);
  return names;
}
