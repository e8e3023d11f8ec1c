import { smooth } from './input.js';

async function main(): Promise<void> {
  const samples = Array.from({ length: 1000 }, (_, i) => ({ id: `s${i}`, value: Math.sin(i / 10) * 100 + (i % 7) }));
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const series = await smooth(samples);
  clearInterval(timer);
  console.log(series.length, series.slice(0, 80), series.slice(-40));
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
