import { getOrders, getUser, type Order, type User } from './fake-io.js';

export async function refresh(id: string) {
  let user: User | undefined;
  let orders: Order[] = [];
  [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return { user, orders };
}

export async function main() {
  return refresh('11');
}
