const { exec } = require('child_process');
const { promisify } = require('util');

const execAsync = promisify(exec);

export async function main(dir: string): Promise<string> {
  const listing: string = (await execAsync('sleep 0.2 && echo hi && ls', { cwd: dir, encoding: 'utf8' })).stdout;
  return listing.trim().split('\n').sort().join(',');
}
