import crypto = require('crypto');

export async function main(): Promise<number> {
  const nonce = new Uint8Array(16);
  const filled = crypto.randomFillSync(nonce);
  return filled.byteLength;
}
