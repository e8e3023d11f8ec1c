import { fetchJson, getUser, type Config, type User } from './fake-io.js';

export async function boot(id: string) {
  const config: Config = await fetchJson('/config');
  const user: User = await getUser(id);
  return `${config.region}/${user.name}`;
}

export async function main() {
  return boot('15');
}
