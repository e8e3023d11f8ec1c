import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function profile(id: string) {
  const [[user, orders], prefs] = await Promise.all([
    Promise.all([getUser(id), getOrders(id)]),
    getPrefs(id),
  ]);
  return `${user.name}:${orders.length}:${prefs.theme}`;
}

export async function main() {
  return profile('7');
}
