import { getUser, readConfigText, type User } from './fake-io.js';

interface Settings {
  name: string;
  region: string;
}

export async function boot(id: string) {
  const [user, settings]: [User, Settings] = await Promise.all([
    getUser(id),
    readConfigText('app').then((value) => JSON.parse(value)),
  ]);
  return `${user.name}@${settings.region}`;
}

export async function main() {
  return boot('7');
}
