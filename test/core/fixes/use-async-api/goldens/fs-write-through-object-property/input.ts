import { writeFileSync } from 'node:fs';

// writeFileSync under another name: `storage` is no module object, and has no `promises`.
const storage = { write: writeFileSync };

export async function main(): Promise<string> {
  const file = `${process.env.TMPDIR ?? '/tmp'}/workload-shape-golden-storage.txt`;
  storage.write(file, 'hello');
  return file;
}
