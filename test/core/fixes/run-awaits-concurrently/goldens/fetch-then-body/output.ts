import './fake-io.js';

export async function pages(base: string) {
  const [home, about] = await Promise.all([
    fetch(`${base}/home`).then((response) => response.text()),
    fetch(`${base}/about`).then((response) => response.text()),
  ]);
  return `${home.length}:${about.length}`;
}

export async function main() {
  return pages('https://shop.test');
}
