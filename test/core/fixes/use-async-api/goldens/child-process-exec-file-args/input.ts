import { execFileSync } from 'child_process';

export async function main(): Promise<string> {
  const major = execFileSync(process.execPath, ['-e', 'process.stdout.write(process.versions.node.split(".")[0])']);
  return `node ${major.toString()} (${major.length} bytes)`;
}
