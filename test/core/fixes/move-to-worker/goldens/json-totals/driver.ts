import { summarize } from './input.js';

async function main(): Promise<void> {
  const orders = Array.from({ length: 25_000 }, (_, i) => ({
    id: `order-${i}`,
    customer: { name: `Customer ${i % 97}`, tags: ['a', 'b', 'c'] },
    lines: Array.from({ length: 4 }, (_, k) => ({ sku: `sku-${k}`, qty: (i + k) % 5, price: ((i * 31 + k) % 1000) / 10 })),
  }));
  const body = JSON.stringify(orders);
  let ticks = 0;
  const started = Date.now();
  const timer = setInterval(() => {
    ticks++;
  }, 10);
  const summary = await summarize(body);
  clearInterval(timer);
  console.log(summary);
  console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
}

void main();
