import { db, getRecommendations, type Order, type User } from './infra';

interface Request { params: { id: string }; query: Record<string, string> }
interface Response { json(body: unknown): void }

// sequential-awaits: three independent reads wait end to end; together they take as long as the slowest.
export async function getDashboard(req: Request, res: Response): Promise<void> {
  const user: User = await db.users.findById(req.params.id);
  const orders: Order[] = await db.orders.findByUser(req.params.id);
  const recommendations = await getRecommendations(req.params.id);
  res.json({ user, orders, recommendations });
}

// Trap (silent): the second call needs the first one's result.
export async function getLatestInvoice(req: Request, res: Response): Promise<void> {
  const orders = await db.orders.findByUser(req.params.id);
  const latest = orders[orders.length - 1];
  const invoice = latest ? await db.invoices.findByOrder(latest.id) : undefined;
  res.json(invoice ?? null);
}
