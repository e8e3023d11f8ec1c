export async function warmUp(base: string) {
  await Promise.all([fetch(`${base}/search`), fetch(`${base}/catalog`)]);
  return 'ready';
}

export async function main() {
  return warmUp('https://shop.test');
}
