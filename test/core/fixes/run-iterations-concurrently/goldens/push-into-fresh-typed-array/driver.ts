import { reportConcurrency } from './io.js';
import { loadRates } from './subject.js';

async function main(): Promise<void> {
  const rates = await loadRates(['USD', 'EUR', 'JPY', 'GBP', 'CHF']);
  for (const rate of rates) console.log(`${rate.code} ${rate.value}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
