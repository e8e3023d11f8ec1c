export async function sumReadings(rows: string[]): Promise<number> {
  let sum = 0;
  for (const row of rows) {
    const reading = JSON.parse(row);
    if (typeof reading.value !== 'number') throw new RangeError(`not a number: ${row}`);
    sum += reading.value;
  }
  return sum;
}
