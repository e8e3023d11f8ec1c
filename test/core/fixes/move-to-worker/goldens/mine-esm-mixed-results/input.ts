import * as crypto from 'node:crypto';

export async function mine(prefix: string, difficulty: number): Promise<string> {
  let attempts = 0;
  let best = '';
  const label = `${prefix}/${difficulty}`;
  let nonce = -1;
  // Try every nonce and keep the smallest hash.
  for (let i = 0; i < 150_000; i++) {
    const hash = crypto.createHash('sha1').update(`${prefix}:${i}`).digest('hex');
    attempts++;
    if (best === '' || hash < best) {
      best = hash;
      nonce = i;
    }
  }
  attempts += 1;
  return `${label}: ${best} (nonce ${nonce}, ${attempts} attempts)`;
}
