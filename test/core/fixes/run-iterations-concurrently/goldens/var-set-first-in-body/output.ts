import { getUser, save } from './io.js';

export async function copyNames(ids: string[]): Promise<void> {
  await Promise.all(ids.map(async (id) => {
    var user = await getUser(id);
    await save(`name:${id}`, user.name);
  }));
}
