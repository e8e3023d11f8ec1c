import { fetchRate, type Rate } from './io.js';
import pLimit from 'p-limit';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  const concurrency = 8;
  const limit = pLimit(concurrency);
  const rates: Rate[] = await Promise.all(codes.map((code) => limit(async () => fetchRate(code))));
  return rates;
}
