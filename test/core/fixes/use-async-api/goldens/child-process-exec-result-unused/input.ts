import * as cp from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

export async function main(dir: string): Promise<boolean> {
  cp.execSync(`mkdir -p "${path.join(dir, 'made')}"`, { cwd: dir });
  return existsSync(path.join(dir, 'made'));
}
