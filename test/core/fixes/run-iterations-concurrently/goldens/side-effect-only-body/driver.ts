import { reportConcurrency, savedItems } from './io.js';
import { saveAll } from './subject.js';

async function main(): Promise<void> {
  await saveAll([
    { id: '1', name: 'Ada' },
    { id: '2', name: 'Grace' },
    { id: '3', name: 'Edsger' },
  ]);
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
