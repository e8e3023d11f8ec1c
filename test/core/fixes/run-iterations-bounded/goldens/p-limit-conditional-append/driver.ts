import { reportConcurrency } from './io.js';
import { addHighScorers } from './subject.js';

async function main(): Promise<void> {
  const winners = ['champion'];
  await addHighScorers(Array.from({ length: 20 }, (_, k) => 'n'.repeat(k + 1)), winners);
  console.log(winners.join(' '));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
