import { check } from './io.js';

export async function failuresOf(keys: string[], failures: Array<string | number>): Promise<void> {
  failures.push(...(await Promise.all(keys.map(async (key) => {
    const failuresOfItem: (string | number)[] = [];
    try {
      await check(key);
    } catch (error) {
      failuresOfItem.push(`${key}: ${(error as Error).message}`, key.length);
    }
    return failuresOfItem;
  }))).flat());
}
