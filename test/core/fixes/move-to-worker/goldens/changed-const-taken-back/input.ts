import { createHash } from 'node:crypto';

export async function distinctDigests(seeds: string[]): Promise<string> {
  const seen = new Set<string>();
  seen.add('');
  for (const seed of seeds) {
    let h = seed;
    for (let i = 0; i < 100; i++) h = createHash('md5').update(h).digest('hex').slice(0, 3);
    seen.add(h);
  }
  seen.delete('');
  return `${seen.size} distinct`;
}
