import { reportConcurrency } from './io.js';
import { attachScores } from './subject.js';

async function main(): Promise<void> {
  const players = await attachScores([{ name: 'ann' }, { name: 'bartholomew' }, { name: 'cy' }]);
  console.log(JSON.stringify(players));
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
