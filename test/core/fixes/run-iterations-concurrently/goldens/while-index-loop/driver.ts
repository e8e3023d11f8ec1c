import { reportConcurrency, savedItems } from './io.js';
import { archive } from './subject.js';

async function main(): Promise<void> {
  await archive([
    { id: '1', name: 'one' },
    { id: '2', name: 'two' },
    { id: '3', name: 'three' },
  ]);
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
