import { reportConcurrency, savedItems } from './io.js';
import { renumber } from './subject.js';

async function main(): Promise<void> {
  await renumber(Array.from({ length: 24 }, (_, k) => ({ id: `id${k}`, name: k % 7 === 3 ? '' : `n${k}` })));
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
