/** How many ordered pairs of different words share their last two letters. */
export async function rhymingPairs(text: string): Promise<number> {
  const words = text.toLowerCase().split(' ');
  let matches = 0;
  for (const a of words) {
    for (const b of words) {
      if (a !== b && a.slice(-2) === b.slice(-2)) matches++;
    }
  }
  return matches;
}
