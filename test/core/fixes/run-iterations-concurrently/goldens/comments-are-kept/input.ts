import { fetchRate, type Rate } from './io.js';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  const rates: Rate[] = [];
  // One request per currency: the rates service has no batch endpoint.
  for (const code of codes /* ISO 4217 */) {
    // USD first in the list is the base currency
    rates.push(await fetchRate(code)); // 100 ms each
  }
  return rates; // in the order of `codes`
}

export async function saveRates(rates: Rate[], store: (rate: Rate) => Promise<void>): Promise<void> {
  /* write them all */
  for (const rate of rates) {
    // each write is independent
    await store(rate);
  }
}
