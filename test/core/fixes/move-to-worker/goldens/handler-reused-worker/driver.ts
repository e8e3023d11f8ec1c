import { routes } from './input.js';

type Handler = (req: { body: string }, res: { send(body: string): void }) => Promise<void>;
const handlers = new Map<string, Handler>();
routes({
  post(path, handler) {
    handlers.set(path, handler);
  },
});
const handler = handlers.get('/fingerprint')!;
const sent: string[] = [];
const request = (body: string): Promise<void> => handler({ body }, { send: (s) => sent.push(`${body} -> ${s}`) });

// Five requests at once, then one more: the same worker serves them all; the process exits on its own.
let ticks = 0;
const started = Date.now();
const timer = setInterval(() => {
  ticks++;
}, 10);
await Promise.all([request('alpha'), request('beta'), request('gamma'), request('delta'), request('epsilon')]);
clearInterval(timer);
console.error(`ticks=${ticks} elapsed=${Date.now() - started}`);
await request('zeta');
console.log(sent.sort().join('\n'));
