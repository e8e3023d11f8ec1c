import { getOrders, getUser } from './fake-io.js';

export async function summary(id: string) {
  const [{ name }, [latest]] = await Promise.all([getUser(id), getOrders(id)]);
  return { name, latest };
}

export async function main() {
  return summary('8');
}
