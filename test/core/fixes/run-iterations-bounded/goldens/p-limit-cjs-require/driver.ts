const io = require('./io.js');
const subject = require('./subject.js');

async function main(): Promise<void> {
  await subject.saveAll(Array.from({ length: 20 }, (_, k) => `key-${k}-${'x'.repeat(k % 5)}`));
  for (const item of io.savedItems()) console.log(item);
}

main().then(io.reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
