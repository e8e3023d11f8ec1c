import { getOrders, getUser } from './fake-io.js';

export async function page(rawId: string) {
  const user = await getUser(rawId);
  // The orders service wants the id without its prefix.
  const orderKey = rawId.replace(/^u-/, '');
  const orders = await getOrders(orderKey);
  return `${user.name}:${orders.length}`;
}

export async function main() {
  return page('u-42');
}
