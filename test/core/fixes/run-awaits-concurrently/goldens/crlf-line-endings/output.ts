import { getOrders, getUser } from './fake-io.js';

export async function windows(id: string) {
  const [user, orders] = await Promise.all([
    getUser(id), // from the directory
    getOrders(id),
  ]);
  return { user, orders };
}

export async function main() {
  return windows('17');
}
