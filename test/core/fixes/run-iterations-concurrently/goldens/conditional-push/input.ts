import { getScore } from './io.js';

export async function highScorers(names: string[]): Promise<string[]> {
  const winners: string[] = [];
  for (const name of names) {
    const score = await getScore(name);
    if (score > 30) winners.push(name);
  }
  return winners;
}
