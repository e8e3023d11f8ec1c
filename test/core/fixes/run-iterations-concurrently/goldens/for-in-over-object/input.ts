import { save } from './io.js';

export async function storeSettings(settings: Record<string, string>): Promise<void> {
  for (const key in settings) {
    await save(`setting:${key}`, settings[key]);
  }
}
