import { getOrders, getUser, type User } from './fake-io.js';

export async function partly(id: string) {
  const user: User = await getUser(id);
  const orders = await getOrders(id);
  return { user, total: orders.length };
}

export async function main() {
  return partly('6');
}
