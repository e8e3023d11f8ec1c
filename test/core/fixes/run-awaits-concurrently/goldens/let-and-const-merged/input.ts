import { getOrders, getUser } from './fake-io.js';

export async function merged(id: string) {
  let user = await getUser(id);
  const orders = await getOrders(id);
  return { user, orders };
}

export async function main() {
  return merged('12');
}
