import { listPage } from './io.js';

export async function itemsByOwner(owners: string[]): Promise<Record<string, string[]>> {
  const byOwner: Record<string, string[]> = {};
  for (const [key, value] of await Promise.all(owners.map(async (owner) => {
    const items: string[] = [];
    let page = 1;
    while (true) {
      const batch = await listPage(owner, page++);
      if (batch.length === 0) break;
      items.push(...batch);
    }
    return [owner, items] as const;
  }))) byOwner[key] = value;
  return byOwner;
}
