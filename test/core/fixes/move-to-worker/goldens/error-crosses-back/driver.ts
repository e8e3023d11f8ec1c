import { sumReadings } from './input.js';

async function main(): Promise<void> {
  const rows = Array.from({ length: 350_000 }, (_, i) => JSON.stringify({ id: i, value: (i * 37) % 101, unit: 'kPa', note: 'x'.repeat(40) }));
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  console.log(await sumReadings(rows));
  clearInterval(timer);
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
  try {
    await sumReadings([...rows.slice(0, 10), '{"value":"high"}']);
    console.log('no error');
  } catch (error) {
    // The error thrown inside the loop reaches the caller, as the same kind of error.
    console.log(error instanceof RangeError, (error as Error).name, (error as Error).message);
  }
}

void main();
