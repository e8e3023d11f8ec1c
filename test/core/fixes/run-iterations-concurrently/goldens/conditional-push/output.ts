import { getScore } from './io.js';

export async function highScorers(names: string[]): Promise<string[]> {
  const winners: string[] = (await Promise.all(names.map(async (name) => {
    const winnersOfItem: string[] = [];
    const score = await getScore(name);
    if (score > 30) winnersOfItem.push(name);
    return winnersOfItem;
  }))).flat();
  return winners;
}
