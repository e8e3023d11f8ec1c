const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

export async function main(dir: string): Promise<string> {
  const packed: Buffer = fs.readFileSync(path.join(dir, 'big.gz'));
  const body: Buffer = zlib.gunzipSync(packed);
  return `${packed.length} -> ${body.length} bytes`;
}
