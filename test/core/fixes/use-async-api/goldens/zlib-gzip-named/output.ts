import { gzip } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

export async function main(): Promise<string> {
  const page = Buffer.from('<li>item</li>\n'.repeat(2_000_000));
  const compressed = await gzipAsync(page, { level: 9 });
  return `${page.length} -> ${compressed.length} bytes`;
}
