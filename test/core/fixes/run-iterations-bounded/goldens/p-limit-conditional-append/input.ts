import { getScore } from './io.js';

export async function addHighScorers(names: string[], winners: string[]): Promise<void> {
  for (const name of names) {
    const score = await getScore(name);
    if (score > 30) winners.push(name);
  }
}
