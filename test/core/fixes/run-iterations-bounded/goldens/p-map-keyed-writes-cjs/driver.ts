import { reportConcurrency } from './io.js';
import { codesByName } from './subject.js';

async function main(): Promise<void> {
  // lookup finishes out of order; the keys must still come out in loop order.
  const codes = await codesByName(Array.from({ length: 20 }, (_, k) => `name${(k * 7) % 20}`));
  console.log(JSON.stringify(codes));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
