import { reportConcurrency } from './io.js';
import { scoresOf } from './subject.js';

async function main(): Promise<void> {
  const scores = await scoresOf(new Set(['tiny', 'medium', 'enormous', 'tiny']));
  console.log(scores.join(','));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
