import { execFile } from 'child_process';
import { promisify } from 'util';

const execFileAsync = promisify(execFile);

export async function main(): Promise<string> {
  const major = (await execFileAsync(process.execPath, ['-e', 'process.stdout.write(process.versions.node.split(".")[0])'], { encoding: 'buffer' })).stdout;
  return `node ${major.toString()} (${major.length} bytes)`;
}
