import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function loadProfile(id: string) {
  const user = await getUser(id);
  const orders = await getOrders(id);
  const prefs = await getPrefs(id);
  return { user, orders, prefs };
}

export async function main() {
  return loadProfile('5');
}
