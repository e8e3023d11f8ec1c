import { fetchExchangeRate, sleep } from './infra';

// await-in-loop: every rate is fetched only after the previous one arrived, yet no iteration needs another.
export async function ratesFor(currencies: string[]): Promise<number[]> {
  const rates: number[] = [];
  for (const currency of currencies) {
    rates.push(await fetchExchangeRate(currency));
  }
  return rates;
}

// Trap (silent): a deliberate throttle between calls to respect the provider's rate limit.
export async function ratesPolitely(currencies: string[]): Promise<number[]> {
  const rates: number[] = [];
  for (const currency of currencies) {
    rates.push(await fetchExchangeRate(currency));
    await sleep(250);
  }
  return rates;
}

// Trap (silent): each iteration depends on the running total of the previous ones.
export async function convertUntilBudget(currencies: string[], budget: number): Promise<number> {
  let spent = 0;
  for (const currency of currencies) {
    const rate = await fetchExchangeRate(currency);
    if (spent + rate > budget) break;
    spent += rate;
  }
  return spent;
}
