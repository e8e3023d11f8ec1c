import { fetchRate, type Rate } from './io.js';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  const rates: Rate[] = [];
  for (const code of codes) {
    rates.push(await fetchRate(code));
  }
  return rates;
}
