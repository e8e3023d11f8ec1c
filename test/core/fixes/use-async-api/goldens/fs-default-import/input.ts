import fs from 'node:fs';

export async function main(dir: string): Promise<string> {
  const names = fs.readdirSync(dir).sort();
  return names.join(',');
}
