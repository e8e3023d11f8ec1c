import io = require('./io.js');
import pLimit = require('p-limit');

export async function scores(names: string[]): Promise<number[]> {
  const concurrency = 8;
  const limit = pLimit(concurrency);
  const result: number[] = await Promise.all(names.map((name) => limit(async () => io.getScore(name))));
  return result;
}
