import { reportConcurrency } from './io.js';
import { scoreAll } from './subject.js';

async function main(): Promise<void> {
  console.log((await scoreAll(['a', 'bb', 'ccc', 'dddd', 'eeeee'])).join(' '));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
