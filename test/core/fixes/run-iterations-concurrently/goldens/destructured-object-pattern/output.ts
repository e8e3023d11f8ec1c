import { save } from './io.js';

export async function storeOwners(pets: Array<{ pet: string; owner: { name: string } }>): Promise<void> {
  await Promise.all(pets.map(async ({ pet, owner: { name } }) => {
    await save(pet, name);
  }));
}
