import { getOrders, getUser } from './fake-io.js';

export async function legacy(id: string) {
  var user = await getUser(id);
  var orders = await getOrders(id);
  return { user, orders };
}

export async function main() {
  return legacy('13');
}
