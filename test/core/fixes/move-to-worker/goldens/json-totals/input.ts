/** Totals of an order export: every order is re-serialised to normalise it, then summed. */
export async function summarize(body: string): Promise<string> {
  const orders = JSON.parse(body);
  let total = 0;
  let lines = 0;
  for (const order of orders) {
    const normalised = JSON.parse(JSON.stringify(order));
    for (const line of normalised.lines) {
      total += line.qty * line.price;
      lines++;
    }
  }
  return `${lines} lines, total ${total.toFixed(2)}`;
}
