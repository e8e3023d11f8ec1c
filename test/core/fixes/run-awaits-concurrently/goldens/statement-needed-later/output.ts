import { getOrders, getUser } from './fake-io.js';

export async function page(rawId: string) {
  // The orders service wants the id without its prefix.
  const orderKey = rawId.replace(/^u-/, '');
  const [user, orders] = await Promise.all([
    getUser(rawId),
    getOrders(orderKey),
  ]);
  return `${user.name}:${orders.length}`;
}

export async function main() {
  return page('u-42');
}
