const { execSync } = require('child_process');

export async function main(dir: string): Promise<string> {
  const listing: string = execSync('sleep 0.2 && echo hi && ls', { cwd: dir, encoding: 'utf8' });
  return listing.trim().split('\n').sort().join(',');
}
