import { fetchRate, type Rate } from './io.js';

export async function majorRates(): Promise<Rate[]> {
  const rates = [];
  for (const code of ['USD', 'EUR', 'JPY']) {
    rates.push(await fetchRate(code));
  }
  return rates;
}
