import { reportConcurrency } from './io.js';
import { rank } from './subject.js';

async function main(): Promise<void> {
  const ranked = await rank(['7', '42', '1000']);
  for (const entry of ranked) console.log(`${entry.name}: ${entry.score}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
