import { reportConcurrency, savedItems } from './io.js';
import { saveNamed } from './subject.js';

async function main(): Promise<void> {
  await saveNamed([
    { id: 'a', name: 'ada' },
    { id: 'b', name: '' },
    { id: 'c', name: 'cy' },
    { id: 'd', name: 'di' },
  ]);
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
