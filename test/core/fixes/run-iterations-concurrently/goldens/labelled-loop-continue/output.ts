import { save } from './io.js';

export async function saveGroups(groups: string[][]): Promise<void> {
  await Promise.all(groups.map(async (group) => {
    for (const member of group) {
      if (member.startsWith('#')) return;
    }
    await save(group.join('+'), group.length);
  }));
}
