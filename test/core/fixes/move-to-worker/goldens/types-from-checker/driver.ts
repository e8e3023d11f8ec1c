import { rhymingPairs } from './input.js';

const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo'];
const words = Array.from({ length: 3500 }, (_, i) => syllables[i % 8]! + syllables[(i * 7) % 8]! + syllables[(i * 13) % 8]! + i);
let ticks = 0;
const started = Date.now();
const timer = setInterval(() => {
  ticks++;
}, 10);
const count = await rhymingPairs(words.join(' '));
clearInterval(timer);
console.log(count);
console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
