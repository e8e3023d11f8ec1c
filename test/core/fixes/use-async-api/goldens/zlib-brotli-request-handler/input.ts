import { createServer } from 'node:http';
import { brotliCompressSync, constants } from 'node:zlib';

declare function renderPage(url: string): Promise<string>;

createServer(async (req, res) => {
  const html = await renderPage(req.url ?? '/');
  // Compress at a moderate level: pages are large.
  const body = brotliCompressSync(html, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5 },
  });
  res.writeHead(200, { 'content-encoding': 'br' });
  res.end(body);
}).listen(8080);
