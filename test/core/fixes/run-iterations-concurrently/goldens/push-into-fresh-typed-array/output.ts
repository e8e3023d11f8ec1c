import { fetchRate, type Rate } from './io.js';

export async function loadRates(codes: string[]): Promise<Rate[]> {
  const rates: Rate[] = await Promise.all(codes.map(async (code) => fetchRate(code)));
  return rates;
}
