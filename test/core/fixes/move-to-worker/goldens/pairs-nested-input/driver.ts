import { closePairs } from './input.js';

async function main(): Promise<void> {
  const points = Array.from({ length: 11000 }, (_, i) => ({ x: (i * 7919) % 1000, y: (i * 104729) % 1000 }));
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const pairs = await closePairs(points, 4);
  clearInterval(timer);
  console.log(pairs.length, JSON.stringify(pairs.slice(0, 5)), JSON.stringify(pairs.slice(-3)));
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
