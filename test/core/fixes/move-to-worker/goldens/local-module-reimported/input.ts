import { adler32 } from './checksum';

export async function fingerprint(text: string): Promise<number> {
  let value = 0;
  for (let i = 0; i < 60_000; i++) {
    value = (value * 31 + adler32(`${i}:${text}`)) % 1_000_003;
  }
  return value;
}
