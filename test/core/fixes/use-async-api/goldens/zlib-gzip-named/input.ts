import { gzipSync } from 'node:zlib';

export async function main(): Promise<string> {
  const page = Buffer.from('<li>item</li>\n'.repeat(2_000_000));
  const compressed = gzipSync(page, { level: 9 });
  return `${page.length} -> ${compressed.length} bytes`;
}
