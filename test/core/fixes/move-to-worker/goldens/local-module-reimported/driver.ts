import { fingerprint } from './input.js';

async function main(): Promise<void> {
  const text = 'the quick brown fox jumps over the lazy dog '.repeat(12);
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const value = await fingerprint(text);
  clearInterval(timer);
  console.log(value);
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
