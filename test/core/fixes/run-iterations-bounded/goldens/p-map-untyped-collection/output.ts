import { save } from './io.js';
import pMap from 'p-map';

// Rows parsed from JSON: the list is `any`, and so is each row the loop reads.
export async function importRows(json: string): Promise<void> {
  const rows = JSON.parse(json);
  const concurrency = 8;
  await pMap([...rows], async (row) => {
    await save(row.id, { name: row.name });
  }, { concurrency });
}
