const { writeFileSync } = require('fs');
const { readFile } = require('fs/promises');
const path = require('path');

function saveSync(file: string, text: string): void {
  writeFileSync(file, text);
}

export async function main(dir: string): Promise<string> {
  const file = path.join(dir, 'copy.txt');
  saveSync(file, 'copied\n');
  const text: string = await readFile(file, 'utf8');
  return text;
}
