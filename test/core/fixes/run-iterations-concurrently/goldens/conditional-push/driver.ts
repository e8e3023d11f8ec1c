import { reportConcurrency } from './io.js';
import { highScorers } from './subject.js';

async function main(): Promise<void> {
  console.log((await highScorers(['al', 'bartholomew', 'cy', 'dorothea', 'evangeline'])).join(','));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
