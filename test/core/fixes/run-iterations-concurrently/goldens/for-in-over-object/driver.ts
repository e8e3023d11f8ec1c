import { reportConcurrency, savedItems } from './io.js';
import { storeSettings } from './subject.js';

async function main(): Promise<void> {
  await storeSettings({ theme: 'dark', locale: 'en-GB', timezone: 'UTC' });
  for (const item of savedItems()) console.log(item);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
