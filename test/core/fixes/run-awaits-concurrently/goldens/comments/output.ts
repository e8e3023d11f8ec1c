import { getOrders, getPrefs, getUser } from './fake-io.js';

export async function commented(id: string) {
  // The user first.
  /* Orders come
     from billing. */
  /* slow */
  // Preferences.
  const [user, orders, prefs] = await Promise.all([
    getUser(id), // cached for 5 minutes
    getOrders(id),
    getPrefs(id), // small
  ]);
  return { user, orders, prefs };
}

export async function main() {
  return commented('30');
}
