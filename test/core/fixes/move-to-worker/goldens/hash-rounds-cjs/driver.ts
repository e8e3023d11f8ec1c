import { stretch } from './input.js';

async function main(): Promise<void> {
  let ticks = 0;
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const result = await stretch('hunter2', 'pepper');
  clearInterval(timer);
  console.log(result);
  console.error(`ticks=${ticks}`);
}

void main();
