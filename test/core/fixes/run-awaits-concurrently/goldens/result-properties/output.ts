import { getOrders, getUser } from './fake-io.js';

export async function headline(id: string) {
  const [{ name }, { length: total }] = await Promise.all([
    getUser(id),
    getOrders(id),
  ]);
  return `${name} has ${total} orders`;
}

export async function main() {
  return headline('22');
}
