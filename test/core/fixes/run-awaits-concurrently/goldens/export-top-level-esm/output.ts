import { getPrefs, loadConfig } from './fake-io.js';

export const [config, prefs] = await Promise.all([
  loadConfig(),
  getPrefs('default'),
]);

export async function main() {
  return { config, prefs };
}
