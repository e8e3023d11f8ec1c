const MOD = 65_521;

/** Adler-32 of a string's UTF-16 code units. */
export function adler32(text: string): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    a = (a + text.charCodeAt(i)) % MOD;
    b = (b + a) % MOD;
  }
  return (b << 16) | a;
}
