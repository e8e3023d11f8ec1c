import { getOrders, getUser, type User } from './fake-io.js';

export async function partly(id: string) {
  const [user, orders] = await Promise.all([
    getUser(id) as PromiseLike<User>,
    getOrders(id),
  ]);
  return { user, total: orders.length };
}

export async function main() {
  return partly('6');
}
