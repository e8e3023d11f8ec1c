import { save } from './io.js';

export async function storeOwners(pets: Array<{ pet: string; owner: { name: string } }>): Promise<void> {
  for (const { pet, owner: { name } } of pets) {
    await save(pet, name);
  }
}
