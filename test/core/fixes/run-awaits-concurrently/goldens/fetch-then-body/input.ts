import './fake-io.js';

export async function pages(base: string) {
  const home = await (await fetch(`${base}/home`)).text();
  const about = await (await fetch(`${base}/about`)).text();
  return `${home.length}:${about.length}`;
}

export async function main() {
  return pages('https://shop.test');
}
