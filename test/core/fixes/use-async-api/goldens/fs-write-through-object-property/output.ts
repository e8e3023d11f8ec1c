import { writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';

// writeFileSync under another name: `storage` is no module object, and has no `promises`.
const storage = { write: writeFileSync };

export async function main(): Promise<string> {
  const file = `${process.env.TMPDIR ?? '/tmp'}/workload-shape-golden-storage.txt`;
  await writeFile(file, 'hello');
  return file;
}
