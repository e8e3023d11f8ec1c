const io = require('./io.js');
const pLimit = require('p-limit');

export async function saveAll(keys: string[]): Promise<void> {
  const concurrency = 8;
  const limit = pLimit(concurrency);
  await Promise.all(keys.map((key) => limit(async () => {
    await io.save(key, key.length);
  })));
}
