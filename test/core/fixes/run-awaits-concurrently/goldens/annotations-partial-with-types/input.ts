import { getOrders, getUser, type Order, type User } from './fake-io.js';

export async function partly(id: string): Promise<[User, Order[]]> {
  const user: User = await getUser(id);
  const orders = await getOrders(id);
  return [user, orders];
}

export async function main() {
  return partly('4');
}
