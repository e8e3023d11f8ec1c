import { getScore } from './io.js';

export async function scoresOf(names: Set<string>): Promise<number[]> {
  const scores: number[] = [];
  for (const name of names) {
    scores.push(await getScore(name));
  }
  return scores;
}
