// Runs a golden program's `main`, prints its result, then the fake I/O events on one marked line.
import { events } from './fake-io.js';
import { main } from './input.js';

async function run(): Promise<void> {
  const result = await main();
  console.log(JSON.stringify(result));
  console.log(`@@events ${JSON.stringify(events)}`);
}

run().catch((error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
