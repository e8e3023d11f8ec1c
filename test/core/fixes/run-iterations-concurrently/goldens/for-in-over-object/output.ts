import { save } from './io.js';

export async function storeSettings(settings: Record<string, string>): Promise<void> {
  await Promise.all(Object.keys(settings).map(async (key) => {
    await save(`setting:${key}`, settings[key]);
  }));
}
