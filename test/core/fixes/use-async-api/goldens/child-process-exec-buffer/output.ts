import { exec } from 'node:child_process';
import { promisify } from 'node:util';

const execAsync = promisify(exec);

export async function main(): Promise<string> {
  const out = (await execAsync('sleep 0.2 && echo hi', { encoding: 'buffer' })).stdout;
  return `${out.length} bytes: ${out.toString().trim()}`;
}
