import { readFileSync as readConfig, writeFileSync } from 'node:fs';
import * as zlib from 'node:zlib';

interface Request { body: { name: string; data: string } }
interface Response { json(body: unknown): void }

// Trap (silent): reading configuration once at start-up is fine.
const settings = JSON.parse(readConfig('./settings.json', 'utf8')) as { uploadDir: string };

// blocking-sync-call: synchronous compression and disk writes stall every other request.
export async function upload(req: Request, res: Response): Promise<void> {
  const compressed = zlib.gzipSync(Buffer.from(req.body.data));
  writeFileSync(`${settings.uploadDir}/${req.body.name}.gz`, compressed);
  res.json({ stored: compressed.length });
}

// Trap (silent): a user's own function that merely ends in "Sync".
function renderSync(name: string): string {
  return `<h1>${name}</h1>`;
}
export async function page(req: Request, res: Response): Promise<void> {
  res.json({ html: renderSync(req.body.name) });
}
