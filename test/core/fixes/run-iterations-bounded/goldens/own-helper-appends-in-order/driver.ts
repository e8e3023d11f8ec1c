import { reportConcurrency, type User } from './io.js';
import { addMembers } from './subject.js';

async function main(): Promise<void> {
  const team: User[] = [{ id: 'lead', name: 'The Lead' }];
  const added = await addMembers(team, Array.from({ length: 12 }, (_, k) => `m${k}`));
  console.log(`added ${added}`);
  for (const user of team) console.log(`${user.id} ${user.name}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
