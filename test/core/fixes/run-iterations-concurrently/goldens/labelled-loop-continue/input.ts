import { save } from './io.js';

export async function saveGroups(groups: string[][]): Promise<void> {
  groups: for (const group of groups) {
    for (const member of group) {
      if (member.startsWith('#')) continue groups;
    }
    await save(group.join('+'), group.length);
  }
}
