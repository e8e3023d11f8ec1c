import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function loadProfile(id: string) {
  const [user, orders, prefs] = await Promise.all([
    getUser(id),
    getOrders(id),
    getPrefs(id),
  ]);
  return { user, orders, prefs };
}

export async function main() {
  return loadProfile('5');
}
