import { getOrders, getUser } from './fake-io.js';

export async function summary(id: string) {
  const { name } = await getUser(id);
  const [latest] = await getOrders(id);
  return { name, latest };
}

export async function main() {
  return summary('8');
}
