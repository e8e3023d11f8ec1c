import { getScore } from './io.js';

export async function scoreAll(names: string[]): Promise<number[]> {
  const scores: number[] = new Array(names.length);
  await Promise.all(names.map(async (name, i) => {
    scores[i] = await getScore(name);
  }));
  return scores;
}
