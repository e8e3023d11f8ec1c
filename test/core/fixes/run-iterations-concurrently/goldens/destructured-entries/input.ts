import { save } from './io.js';

export async function storeTotals(totals: Map<string, number>): Promise<void> {
  for (const [currency, amount] of totals) {
    await save(currency, amount * 100);
  }
}
