import { fetchJson, getUser, type Config, type User } from './fake-io.js';

export async function boot(id: string) {
  const [config, user] = await Promise.all([
    fetchJson('/config') as PromiseLike<Config>,
    getUser(id) as PromiseLike<User>,
  ]);
  return `${config.region}/${user.name}`;
}

export async function main() {
  return boot('15');
}
