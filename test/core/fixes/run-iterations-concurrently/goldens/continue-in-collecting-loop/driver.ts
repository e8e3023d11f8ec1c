import { reportConcurrency } from './io.js';
import { realUsers } from './subject.js';

async function main(): Promise<void> {
  const users = await realUsers(['u1', 'test-2', 'u3', 'u4', 'test-5', 'u6']);
  for (const user of users) console.log(`${user.id} ${user.name}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
