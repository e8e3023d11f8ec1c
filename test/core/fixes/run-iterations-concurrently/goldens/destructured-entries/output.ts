import { save } from './io.js';

export async function storeTotals(totals: Map<string, number>): Promise<void> {
  await Promise.all(Array.from(totals, async ([currency, amount]) => {
    await save(currency, amount * 100);
  }));
}
