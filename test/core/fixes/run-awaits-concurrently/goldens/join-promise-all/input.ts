import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function profile(id: string) {
  const [user, orders] = await Promise.all([getUser(id), getOrders(id)]);
  const prefs = await getPrefs(id);
  return `${user.name}:${orders.length}:${prefs.theme}`;
}

export async function main() {
  return profile('7');
}
