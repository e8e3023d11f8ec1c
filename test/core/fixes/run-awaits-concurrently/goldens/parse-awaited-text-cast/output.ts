import { getUser, readConfigText, type User } from './fake-io.js';

interface AppConfig {
  name: string;
  region: 'eu' | 'us';
}

function endpointFor(region: AppConfig['region']): string {
  return `https://${region}.example.com`;
}

export async function boot(id: string) {
  // The cast gives `config` its type (JSON.parse returns any): it has to stay with the conversion.
  const [user, config] = await Promise.all([
    getUser(id) as PromiseLike<User>,
    readConfigText('app').then((value) => JSON.parse(value) as AppConfig),
  ]);
  return `${user.name}@${endpointFor(config.region)}`;
}

export async function main() {
  return boot('7');
}
