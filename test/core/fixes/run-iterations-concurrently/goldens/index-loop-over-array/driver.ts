import { reportConcurrency, savedItems } from './io.js';
import { renumber } from './subject.js';

async function main(): Promise<void> {
  await renumber([
    { id: 'c', name: 'Cy' },
    { id: 'a', name: 'Al' },
    { id: 'b', name: 'Bo' },
    { id: 'd', name: 'Di' },
  ]);
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
