import { getScore, getUser } from './io.js';

interface Ranked {
  name: string;
  score: number;
}

export async function rank(ids: string[]): Promise<Ranked[]> {
  const ranked: Ranked[] = await Promise.all(ids.map(async (id) => {
    const user = await getUser(id);
    const score = await getScore(user.name);
    return { name: user.name, score };
  }));
  return ranked;
}
