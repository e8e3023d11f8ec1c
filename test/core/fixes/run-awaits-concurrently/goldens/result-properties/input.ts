import { getOrders, getUser } from './fake-io.js';

export async function headline(id: string) {
  const name = (await getUser(id)).name;
  const total = (await getOrders(id)).length;
  return `${name} has ${total} orders`;
}

export async function main() {
  return headline('22');
}
