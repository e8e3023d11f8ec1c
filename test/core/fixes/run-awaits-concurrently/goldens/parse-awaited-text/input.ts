import { getUser, readConfigText, type User } from './fake-io.js';

interface Settings {
  name: string;
  region: string;
}

export async function boot(id: string) {
  const user: User = await getUser(id);
  const settings: Settings = JSON.parse(await readConfigText('app'));
  return `${user.name}@${settings.region}`;
}

export async function main() {
  return boot('7');
}
