import { getScore } from './io.js';

interface Player {
  name: string;
  score?: number;
}

export async function attachScores(players: Player[]): Promise<Player[]> {
  await Promise.all(players.map(async (player) => {
    player.score = await getScore(player.name);
  }));
  return players;
}
