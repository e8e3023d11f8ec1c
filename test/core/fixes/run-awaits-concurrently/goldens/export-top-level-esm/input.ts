import { getPrefs, loadConfig } from './fake-io.js';

export const config = await loadConfig();
export const prefs = await getPrefs('default');

export async function main() {
  return { config, prefs };
}
