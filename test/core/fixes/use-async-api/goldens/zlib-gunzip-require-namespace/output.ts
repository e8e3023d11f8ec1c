const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { promisify } = require('util');

const gunzipAsync = promisify(zlib.gunzip);

export async function main(dir: string): Promise<string> {
  const packed: Buffer = fs.readFileSync(path.join(dir, 'big.gz'));
  const body: Buffer = await gunzipAsync(packed);
  return `${packed.length} -> ${body.length} bytes`;
}
