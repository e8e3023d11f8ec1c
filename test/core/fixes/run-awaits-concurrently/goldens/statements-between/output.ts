import { getOrders, getUser } from './fake-io.js';

export async function greet(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  const greeting = `Hello, ${user.name}`;
  // Initials for the avatar.
  const initials = user.name.slice(0, 1).toUpperCase(); // one letter
  return { greeting, initials, count: orders.length };
}

export async function main() {
  return greet('21');
}
