import { mine } from './input.js';

let ticks = 0;
const started = Date.now();
const timer = setInterval(() => {
  ticks++;
}, 10);
const result = await mine('block-42', 3);
clearInterval(timer);
console.log(result);
console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
