interface Point {
  x: number;
  y: number;
}

/** Every pair of points closer than `limit` (by index). */
export async function closePairs(points: Point[], limit: number): Promise<Array<[number, number]>> {
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const dx = points[i]!.x - points[j]!.x;
      const dy = points[i]!.y - points[j]!.y;
      if (dx * dx + dy * dy < limit * limit) pairs.push([i, j]);
    }
  }
  return pairs;
}
