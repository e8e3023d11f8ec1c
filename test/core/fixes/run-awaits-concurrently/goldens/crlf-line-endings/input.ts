import { getOrders, getUser } from './fake-io.js';

export async function windows(id: string) {
  const user = await getUser(id); // from the directory
  const orders = await getOrders(id);
  return { user, orders };
}

export async function main() {
  return windows('17');
}
