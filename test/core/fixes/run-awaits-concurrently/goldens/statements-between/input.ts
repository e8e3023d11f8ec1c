import { getOrders, getUser } from './fake-io.js';

export async function greet(id: string) {
  const user = await getUser(id);
  const greeting = `Hello, ${user.name}`;
  // Initials for the avatar.
  const initials = user.name.slice(0, 1).toUpperCase(); // one letter
  const orders = await getOrders(id);
  return { greeting, initials, count: orders.length };
}

export async function main() {
  return greet('21');
}
