import fs from 'node:fs';

export async function main(dir: string): Promise<string> {
  const names = (await fs.promises.readdir(dir)).sort();
  return names.join(',');
}
