import { execSync } from 'node:child_process';

export async function main(): Promise<string> {
  const out = execSync('sleep 0.2 && echo hi');
  return `${out.length} bytes: ${out.toString().trim()}`;
}
