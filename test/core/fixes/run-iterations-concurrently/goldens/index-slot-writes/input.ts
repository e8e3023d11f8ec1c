import { getScore } from './io.js';

export async function scoreAll(names: string[]): Promise<number[]> {
  const scores: number[] = new Array(names.length);
  for (let i = 0; i < names.length; i++) {
    scores[i] = await getScore(names[i]);
  }
  return scores;
}
