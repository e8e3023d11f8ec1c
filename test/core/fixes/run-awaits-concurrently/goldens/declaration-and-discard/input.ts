import { getPrefs, getUser } from './fake-io.js';

export async function session(base: string, id: string) {
  const user = await getUser(id);
  await fetch(`${base}/ping`);
  const prefs = await getPrefs(id);
  return `${user.name}:${prefs.theme}`;
}

export async function main() {
  return session('https://shop.test', '9');
}
