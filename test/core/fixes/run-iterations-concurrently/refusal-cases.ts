/** Loops both iteration fixes must refuse, shared by their test files. */

export interface Refusal {
  name: string;
  code: string;
  /** The await the (hand-made) finding points at. */
  at: string;
  reason: RegExp;
}

/** Loops the fix must not rewrite, by what would change; the finding is made by hand, so these hold whatever the rule reports. */
export const REFUSALS: Refusal[] = [
  {
    name: '`break` on a result',
    code: `export async function first(ids: string[]) {
  for (const id of ids) {
    const user = await getUser(id);
    if (user.admin) break;
  }
}`,
    at: 'await getUser',
    reason: /`break` leaves the loop early/,
  },
  {
    name: '`return` from inside the loop',
    code: `export async function find(ids: string[]) {
  for (const id of ids) {
    if ((await getUser(id)).admin) return id;
  }
  return undefined;
}`,
    at: 'await getUser',
    reason: /`return` inside the loop leaves it early/,
  },
  {
    name: '`continue` to an outer loop',
    code: `export async function scan(groups: string[][]) {
  outer: for (const group of groups) {
    for (const id of group) {
      await touch(id);
      if (id === 'stop') continue outer;
    }
  }
}`,
    at: 'await touch',
    reason: /jumps to an outer loop/,
  },
  {
    name: 'accumulator',
    code: `export async function total(paths: string[]) {
  let sum = 0;
  for (const p of paths) {
    sum += (await stat(p)).size;
  }
  return sum;
}`,
    at: 'await stat',
    reason: /write `sum`, declared outside the loop/,
  },
  {
    name: 'pushes from a callback after the await',
    code: `export async function tags(ids: string[]) {
  const all: string[] = [];
  for (const id of ids) {
    const post = await getPost(id);
    post.tags.forEach((tag) => all.push(tag));
  }
  return all;
}`,
    at: 'await getPost',
    reason: /add to `all` \(`\.push\(…\)`\) after awaiting.*completion order/,
  },
  {
    name: 'pushes into two shared arrays',
    code: `export async function split(ids: string[]) {
  const good: User[] = [];
  const bad: string[] = [];
  for (const id of ids) {
    const user = await getUser(id);
    if (user) good.push(user);
    else bad.push(id);
  }
  return { good, bad };
}`,
    at: 'await getUser',
    reason: /completion order/,
  },
  {
    name: 'a keyed write that is not the last statement',
    code: `export async function byId(ids: string[]) {
  const users: Record<string, User> = {};
  for (const id of ids) {
    users[id] = await getUser(id);
    await audit(id);
  }
  return users;
}`,
    at: 'await getUser',
    reason: /entries of `users` after awaiting.*completion order/,
  },
  {
    name: 'Map.set in the middle of the body',
    code: `export async function resolveAll(hosts: string[]) {
  const addresses = new Map<string, string[]>();
  for (const host of hosts) {
    addresses.set(host, await resolve4(host));
    await warm(host);
  }
  return addresses;
}`,
    at: 'await resolve4',
    reason: /add to `addresses` \(`\.set\(…\)`\).*completion order/,
  },
  {
    name: '`continue` before a keyed write',
    code: `export async function byId(ids: string[]) {
  const users: Record<string, User> = {};
  for (const id of ids) {
    if (!id) continue;
    users[id] = await getUser(id);
  }
  return users;
}`,
    at: 'await getUser',
    reason: /`continue` skips `users\[…\] = …`/,
  },
  {
    name: '`var` read before it is set in the iteration',
    code: `export async function chain(ids: string[]) {
  for (const id of ids) {
    await link(id, previous);
    var previous = id;
  }
}`,
    at: 'await link',
    reason: /declares `var previous`, which is shared by every iteration/,
  },
  {
    name: 'console output after the await',
    code: `export async function show(ids: string[]) {
  for (const id of ids) {
    const user = await getUser(id);
    console.log(user.name);
  }
}`,
    at: 'await getUser',
    reason: /write to the console after awaiting/,
  },
  {
    name: 'a deliberate sleep',
    code: `export async function drip(ids: string[]) {
  for (const id of ids) {
    await send(id);
    await sleep(1000);
  }
}`,
    at: 'await send',
    reason: /waits on purpose \(`sleep\(…\)`\)/,
  },
  {
    name: 'a hand-made timer promise',
    code: `export async function drip(ids: string[]) {
  for (const id of ids) {
    await send(id);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}`,
    at: 'await send',
    reason: /builds its own promise/,
  },
  {
    name: '`var` in the body',
    code: `export async function last(ids: string[]) {
  for (const id of ids) {
    var user = await getUser(id);
  }
  return user;
}`,
    at: 'await getUser',
    reason: /declares `var user`/,
  },
  {
    name: 'instance state',
    code: `export class Loader {
  count = 0;
  async load(ids: string[]) {
    for (const id of ids) {
      await getUser(id);
      this.count++;
    }
  }
}`,
    at: 'await getUser',
    reason: /`this\.count`, instance state/,
  },
  {
    name: 'the collector is read in the loop',
    code: `export async function dedupe(ids: string[]) {
  const out: User[] = [];
  for (const id of ids) {
    const user = await getUser(id);
    if (out.length > 10) throw new Error('too many');
    out.push(user);
  }
  return out;
}`,
    at: 'await getUser',
    reason: /reads `out` while collecting/,
  },
  {
    name: '`for await`',
    code: `export async function drain(stream: AsyncIterable<string>) {
  for await (const chunk of stream) {
    await write(chunk);
  }
}`,
    at: 'await write',
    reason: /`for await` consumes a stream/,
  },
  {
    name: '`while` loop that is not an index loop',
    code: `export async function drain(queue: Job[]) {
  let hasMore = queue.length > 0;
  while (hasMore) {
    await run(queue[0]!);
    hasMore = false;
  }
}`,
    at: 'await run',
    reason: /only `while` loops of the form/,
  },
  {
    name: '`while` index loop whose index is used afterwards',
    code: `export async function upTo(payments: Payment[]) {
  let i = 0;
  while (i < payments.length) {
    await refundOne(payments[i]);
    i++;
  }
  return i;
}`,
    at: 'await refundOne',
    reason: /`i` is used after the loop/,
  },
  {
    name: '`do…while` loop',
    code: `export async function pages() {
  let token: string | undefined;
  do {
    token = (await nextPage(token)).token;
  } while (token);
}`,
    at: 'await nextPage',
    reason: /`do…while` loops are not rewritten/,
  },
  {
    name: 'index loop over something that may not be an array',
    code: `export async function letters(word: string) {
  for (let i = 0; i < word.length; i++) {
    await speak(word[i]);
  }
}`,
    at: 'await speak',
    reason: /cannot tell that `word` is an array/,
  },
  {
    name: 'the body changes the index',
    code: `export async function pairs(ids: string[]) {
  for (let i = 0; i < ids.length; i++) {
    await link(ids[i], ids[i + 1]);
    i++;
  }
}`,
    at: 'await link',
    reason: /changes the loop index `i`/,
  },
  {
    name: 'the loop assigns an existing variable',
    code: `export async function each(ids: string[]) {
  let id: string;
  for (id of ids) {
    await touch(id);
  }
}`,
    at: 'await touch',
    reason: /assigns an existing variable/,
  },
  {
    name: 'appending to something that may not be an array',
    code: `export async function collect(ids: string[], sink: { push(user: User): void }) {
  for (const id of ids) {
    sink.push(await getUser(id));
  }
}`,
    at: 'await getUser',
    reason: /cannot tell that `sink` is an array/,
  },
  {
    name: 'yield in an async generator',
    code: `export async function* users(ids: string[]) {
  for (const id of ids) {
    yield await getUser(id);
  }
}`,
    at: 'await getUser',
    reason: /yields/,
  },
  {
    name: 'writes a global',
    code: `export async function tally(ids: string[]) {
  for (const id of ids) {
    await touch(id);
    lastTouched = id;
  }
}`,
    at: 'await touch',
    reason: /assign the global `lastTouched`/,
  },
  {
    name: 'Promise is shadowed',
    code: `import Promise from 'bluebird';
export async function all(ids: string[]) {
  for (const id of ids) {
    await touch(id);
  }
}`,
    at: 'await touch',
    reason: /`Promise` is redefined here/,
  },
  {
    name: 'stale finding (no await there any more)',
    code: `export async function none(ids: string[]) {
  for (const id of ids) {
    touch(id);
  }
}`,
    at: 'touch(id)',
    reason: /no await at its position/,
  },
];
