import { getUser, type User } from './io.js';

export async function addMembers(team: User[], memberIds: readonly string[]): Promise<number> {
  const before = team.length;
  const concurrency = 8;
  for (const result of await mapWithConcurrency(memberIds, concurrency, async (id) => {
    const user = await getUser(id);
    return user;
  })) team.push(result);
  return team.length - before;
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the order of `items`. */
async function mapWithConcurrency<T = any, R = unknown>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const list = Array.from(items);
  const results = new Array<R>(list.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < list.length) {
      const index = next++;
      try {
        results[index] = await fn(list[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker));
  return results;
}
