import { getOrders, getUser } from './fake-io.js';

export async function wide(id: string) {
  const [user, orders] = await Promise.all([
    getUser(
      id,
    ),
    getOrders(id),
  ]);
  return { user, orders };
}

export async function main() {
  return wide('16');
}
