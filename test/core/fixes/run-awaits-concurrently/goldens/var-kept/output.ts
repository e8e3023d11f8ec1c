import { getOrders, getUser } from './fake-io.js';

export async function legacy(id: string) {
  var [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  return { user, orders };
}

export async function main() {
  return legacy('13');
}
