import { distinctDigests } from './input.js';

const seeds = Array.from({ length: 2500 }, (_, i) => `seed-${i}`);
let ticks = 0;
const started = Date.now();
const timer = setInterval(() => {
  ticks++;
}, 10);
const summary = await distinctDigests(seeds);
clearInterval(timer);
console.log(summary);
console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
