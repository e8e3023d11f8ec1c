import { getScore } from './io.js';

export async function table(names: string[]): Promise<Array<{ name: string; score: number }>> {
  const rows: Array<{ name: string; score: number }> = [];
  for (const name of names) {
    rows.push({ name, score: await getScore(name) });
  }
  return rows;
}
