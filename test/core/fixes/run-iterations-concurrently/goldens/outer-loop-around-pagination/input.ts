import { listPage } from './io.js';

export async function itemsByOwner(owners: string[]): Promise<Record<string, string[]>> {
  const byOwner: Record<string, string[]> = {};
  for (const owner of owners) {
    const items: string[] = [];
    let page = 1;
    while (true) {
      const batch = await listPage(owner, page++);
      if (batch.length === 0) break;
      items.push(...batch);
    }
    byOwner[owner] = items;
  }
  return byOwner;
}
