import { getPrefs, getUser } from './fake-io.js';

export async function session(base: string, id: string) {
  const [user, , prefs] = await Promise.all([
    getUser(id),
    fetch(`${base}/ping`),
    getPrefs(id),
  ]);
  return `${user.name}:${prefs.theme}`;
}

export async function main() {
  return session('https://shop.test', '9');
}
