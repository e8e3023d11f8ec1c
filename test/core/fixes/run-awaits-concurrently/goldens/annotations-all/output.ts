import { getOrders, getUser, type Order, type User } from './fake-io.js';

export async function typed(id: string) {
  const [user, orders]: [User, Order[]] = await Promise.all([
    getUser(id),
    getOrders(id),
  ]);
  return { user, orders };
}

export async function main() {
  return typed('2');
}
