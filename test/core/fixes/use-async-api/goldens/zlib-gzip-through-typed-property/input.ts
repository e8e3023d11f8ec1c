import { gzipSync } from 'node:zlib';

// gzipSync held by a property of an interface type: `codec` has no `gzip`.
interface Codec {
  name: 'gzip';
  compress: typeof gzipSync;
}

const codec: Codec = { name: 'gzip', compress: gzipSync };

export async function main(): Promise<string> {
  const page = Buffer.from('<li>item</li>\n'.repeat(1000));
  const packed = codec.compress(page);
  return `${page.length} -> ${packed.length} bytes`;
}
