import crypto = require('crypto');
import { promisify } from 'util';

const randomFillAsync = promisify(crypto.randomFill) as <T extends NodeJS.ArrayBufferView>(buffer: T, offset?: number, size?: number) => Promise<T>;

export async function main(): Promise<number> {
  const nonce = new Uint8Array(16);
  const filled = await randomFillAsync(nonce);
  return filled.byteLength;
}
