import { reportConcurrency, savedItems } from './io.js';
import { saveAll } from './subject.js';

async function main(): Promise<void> {
  await saveAll(Array.from({ length: 20 }, (_, k) => ({ id: `u${k}`, name: `name ${k * 3}` })));
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
