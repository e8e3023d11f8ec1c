export async function warmUp(base: string) {
  await fetch(`${base}/search`);
  await fetch(`${base}/catalog`);
  return 'ready';
}

export async function main() {
  return warmUp('https://shop.test');
}
