import { reportConcurrency } from './io.js';
import { failuresOf } from './subject.js';

async function main(): Promise<void> {
  const failures: Array<string | number> = ['earlier'];
  await failuresOf(['good-1', 'bad-2', 'good-3', 'bad-4'], failures);
  console.log(JSON.stringify(failures));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
