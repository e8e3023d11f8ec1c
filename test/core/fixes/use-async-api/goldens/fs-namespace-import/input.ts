import * as fs from 'fs';
import * as path from 'path';

export async function main(dir: string): Promise<number> {
  const report = Buffer.alloc(32 * 1024 * 1024, 'report line\n');
  fs.writeFileSync(path.join(dir, 'report.txt'), report);
  return report.length;
}
