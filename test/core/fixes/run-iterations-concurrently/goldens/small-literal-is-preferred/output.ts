import { fetchRate, type Rate } from './io.js';

export async function majorRates(): Promise<Rate[]> {
  const rates = await Promise.all(['USD', 'EUR', 'JPY'].map(async (code) => fetchRate(code)));
  return rates;
}
