import { getScore } from './io.js';

export async function scoresOf(names: Set<string>): Promise<number[]> {
  const scores: number[] = await Promise.all(Array.from(names, async (name) => getScore(name)));
  return scores;
}
