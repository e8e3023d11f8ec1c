import { getScore } from './io.js';

export async function table(names: string[]): Promise<Array<{ name: string; score: number }>> {
  const rows: Array<{ name: string; score: number }> = await Promise.all(names.map(async (name) => ({ name, score: await getScore(name) })));
  return rows;
}
