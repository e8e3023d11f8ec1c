const io = require('./io.js');

export async function saveAll(keys: string[]): Promise<void> {
  for (const key of keys) {
    await io.save(key, key.length);
  }
}
