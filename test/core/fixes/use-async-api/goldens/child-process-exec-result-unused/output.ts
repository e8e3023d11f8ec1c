import * as cp from 'child_process';
import { promisify } from 'util';
import { existsSync } from 'fs';
import * as path from 'path';

const execAsync = promisify(cp.exec);

export async function main(dir: string): Promise<boolean> {
  await execAsync(`mkdir -p "${path.join(dir, 'made')}"`, { cwd: dir });
  return existsSync(path.join(dir, 'made'));
}
