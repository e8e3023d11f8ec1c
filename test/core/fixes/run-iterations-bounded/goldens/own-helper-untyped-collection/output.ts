import { save } from './io.js';

// Rows parsed from JSON: the list is `any`, and so is each row the loop reads (real code does this often).
export async function importRows(json: string): Promise<void> {
  const rows = JSON.parse(json);
  const concurrency = 8;
  await mapWithConcurrency(rows, concurrency, async (row) => {
    await save(row.id, { name: row.name });
  });
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
