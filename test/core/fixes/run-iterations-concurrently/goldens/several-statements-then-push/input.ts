import { getScore, getUser } from './io.js';

interface Ranked {
  name: string;
  score: number;
}

export async function rank(ids: string[]): Promise<Ranked[]> {
  const ranked: Ranked[] = [];
  for (const id of ids) {
    const user = await getUser(id);
    const score = await getScore(user.name);
    ranked.push({ name: user.name, score });
  }
  return ranked;
}
