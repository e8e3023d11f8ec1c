import { reportConcurrency, savedItems } from './io.js';
import { importRows } from './subject.js';

async function main(): Promise<void> {
  await importRows(JSON.stringify(Array.from({ length: 24 }, (_, k) => ({ id: `id${k}`, name: `n${k}` }))));
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
