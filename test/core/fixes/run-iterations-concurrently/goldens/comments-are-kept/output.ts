import { fetchRate, type Rate } from './io.js';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  // One request per currency: the rates service has no batch endpoint.
  /* ISO 4217 */
  // USD first in the list is the base currency
  // 100 ms each
  const rates: Rate[] = await Promise.all(codes.map(async (code) => fetchRate(code)));
  return rates; // in the order of `codes`
}

export async function saveRates(rates: Rate[], store: (rate: Rate) => Promise<void>): Promise<void> {
  /* write them all */
  for (const rate of rates) {
    // each write is independent
    await store(rate);
  }
}
