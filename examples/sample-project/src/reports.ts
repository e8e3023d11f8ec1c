import { createHash } from 'node:crypto';
import type { Order } from './infra';

interface Request { body: { orders: Order[] } }
interface Response { json(body: unknown): void }

// blocking-loop: nested loops over request-sized data run synchronously inside a request handler.
export async function similarOrders(req: Request, res: Response): Promise<void> {
  const orders = req.body.orders;
  const pairs: Array<[string, string]> = [];
  for (const a of orders) {
    for (const b of orders) {
      if (a.id !== b.id && a.lines.length === b.lines.length) pairs.push([a.id, b.id]);
    }
  }
  res.json(pairs);
}

// blocking-loop: a hash on every one of a million iterations.
export async function fingerprint(seed: string): Promise<string> {
  let digest = seed;
  for (let i = 0; i < 1_000_000; i++) {
    digest = createHash('sha256').update(digest).digest('hex');
  }
  return digest;
}

// Trap (silent): a loop over three literal items is not heavy.
export async function labels(): Promise<string[]> {
  const out: string[] = [];
  for (const level of ['low', 'medium', 'high']) out.push(level.toUpperCase());
  return out;
}
