// Fake I/O for the golden programs: every call records its start and end and waits 100–150 ms.
export interface User {
  id: string;
  name: string;
}
export interface Order {
  id: number;
  total: number;
}
export interface Prefs {
  theme: string;
}
export interface Config {
  region: string;
}

export interface IoEvent {
  event: 'start' | 'end';
  name: string;
  at: number;
}

export const events: IoEvent[] = [];

function io<T>(name: string, ms: number, value: T): Promise<T> {
  events.push({ event: 'start', name, at: performance.now() });
  return new Promise((resolve) => {
    setTimeout(() => {
      events.push({ event: 'end', name, at: performance.now() });
      resolve(value);
    }, ms);
  });
}

export function getUser(id: string): Promise<User> {
  return io('getUser', 150, { id, name: `user-${id}` });
}

export function getOrders(id: string): Promise<Order[]> {
  return io('getOrders', 120, [
    { id: Number(id) * 10 + 1, total: 25 },
    { id: Number(id) * 10 + 2, total: 40 },
  ]);
}

export function getPrefs(id: string): Promise<Prefs> {
  return io('getPrefs', 100, { theme: id === 'default' ? 'light' : 'dark' });
}

export function loadConfig(): Promise<Config> {
  return io('loadConfig', 130, { region: 'eu-west-1' });
}

export function checkHealth(): Promise<void> {
  return io('checkHealth', 100, undefined);
}

/** A generic client whose result type comes from the caller's annotation. */
export function fetchJson<T>(url: string): Promise<T> {
  return io(`fetchJson ${url}`, 110, { region: `from ${url}` } as unknown as T);
}

/** A fake global `fetch` (GET only), so programs can await calls whose results they do not need. */
function fakeFetch(input: string | URL | Request): Promise<Response> {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return io(`fetch ${url}`, 100, new Response('ok'));
}
Object.assign(globalThis, { fetch: fakeFetch });

/** A configuration file's text (JSON), read like `readFile(path, 'utf8')`. */
export function readConfigText(name: string): Promise<string> {
  return io(`readConfigText ${name}`, 100, JSON.stringify({ name, region: 'eu' }));
}
