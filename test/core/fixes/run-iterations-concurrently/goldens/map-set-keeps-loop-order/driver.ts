import { reportConcurrency } from './io.js';
import { resolveAll } from './subject.js';

async function main(): Promise<void> {
  const addresses = await resolveAll([' db1', 'cache8 ', 'queue4', 'search6']);
  for (const [host, address] of addresses) console.log(`${host} -> ${address}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
