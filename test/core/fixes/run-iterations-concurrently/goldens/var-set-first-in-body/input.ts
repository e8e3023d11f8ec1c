import { getUser, save } from './io.js';

export async function copyNames(ids: string[]): Promise<void> {
  for (const id of ids) {
    var user = await getUser(id);
    await save(`name:${id}`, user.name);
  }
}
