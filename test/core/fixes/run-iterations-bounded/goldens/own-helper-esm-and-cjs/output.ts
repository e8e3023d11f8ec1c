import { fetchRate, type Rate } from './io.js';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  const concurrency = 8;
  const rates: Rate[] = await mapWithConcurrency(codes, concurrency, async (code) => fetchRate(code));
  return rates;
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
