import { reportConcurrency } from "./io.js";
import { loadRates } from "./subject.js";

const codes = Array.from({ length: 20 }, (_, k) => String.fromCharCode(65 + k) + "X" + k);

async function main(): Promise<void> {
  const rates = await loadRates(codes);
  for (const rate of rates) console.log(`${rate.code} ${rate.value}`);
}

main().then(reportConcurrency, (error: unknown) => {
  console.log(`failed: ${String(error)}`);
  process.exitCode = 1;
});
