import { stretch } from './input.js';

async function main(): Promise<void> {
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const result = await stretch('hunter2', 'pepper');
  clearInterval(timer);
  console.log(result);
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
