import { gzip, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

export async function compressPage(html: string): Promise<Buffer> {
  return gzipAsync(html);
}

export async function main(): Promise<number> {
  const packed = gzipSync('hello '.repeat(1000));
  return packed.length;
}
