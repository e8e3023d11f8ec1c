import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function commented(id: string) {
  // The user first.
  const user = await getUser(id); // cached for 5 minutes
  /* Orders come
     from billing. */
  const orders = await /* slow */ getOrders(id);
  // Preferences.
  const prefs = await getPrefs(id); // small
  return { user, orders, prefs };
}

export async function main() {
  return commented('30');
}
