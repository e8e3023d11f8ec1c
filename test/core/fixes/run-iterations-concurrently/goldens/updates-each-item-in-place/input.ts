import { getScore } from './io.js';

interface Player {
  name: string;
  score?: number;
}

export async function attachScores(players: Player[]): Promise<Player[]> {
  for (const player of players) {
    player.score = await getScore(player.name);
  }
  return players;
}
