import { getScore } from './io.js';
import pLimit from 'p-limit';

export async function addHighScorers(names: string[], winners: string[]): Promise<void> {
  const concurrency = 8;
  const limit = pLimit(concurrency);
  for (const winner of (await Promise.all(names.map((name) => limit(async () => {
    const winnersOfItem: string[] = [];
    const score = await getScore(name);
    if (score > 30) winnersOfItem.push(name);
    return winnersOfItem;
  })))).flat()) winners.push(winner);
}
