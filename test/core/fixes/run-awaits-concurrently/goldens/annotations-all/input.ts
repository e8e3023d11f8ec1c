import { getOrders, getUser, type Order, type User } from './fake-io.js';

export async function typed(id: string) {
  const user: User = await getUser(id);
  const orders: Order[] = await getOrders(id);
  return { user, orders };
}

export async function main() {
  return typed('2');
}
