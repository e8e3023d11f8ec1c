import { getOrders, getUser, type Order, type User } from './fake-io.js';

export async function partly(id: string): Promise<[User, Order[]]> {
  const [user, orders]: [User, Order[]] = await Promise.all([
    getUser(id),
    getOrders(id),
  ]);
  return [user, orders];
}

export async function main() {
  return partly('4');
}
