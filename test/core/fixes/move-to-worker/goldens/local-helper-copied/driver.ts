import { bestCompound } from './input.js';

async function main(): Promise<void> {
  const words = Array.from({ length: 1600 }, (_, i) => `w${(i * 2654435761) % 100000}x${i % 7}`);
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const best = await bestCompound(words);
  clearInterval(timer);
  console.log(best);
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
