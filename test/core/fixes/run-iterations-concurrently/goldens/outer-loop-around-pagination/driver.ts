import { reportConcurrency } from './io.js';
import { itemsByOwner } from './subject.js';

async function main(): Promise<void> {
  console.log(JSON.stringify(await itemsByOwner(['ann', 'bob', 'carla', 'dmitri'])));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
