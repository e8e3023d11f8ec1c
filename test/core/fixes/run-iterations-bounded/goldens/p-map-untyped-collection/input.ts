import { save } from './io.js';

// Rows parsed from JSON: the list is `any`, and so is each row the loop reads.
export async function importRows(json: string): Promise<void> {
  const rows = JSON.parse(json);
  for (const row of rows) {
    await save(row.id, { name: row.name });
  }
}
