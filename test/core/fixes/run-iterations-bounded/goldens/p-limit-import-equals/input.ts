import io = require('./io.js');

export async function scores(names: string[]): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < names.length; i++) {
    result.push(await io.getScore(names[i]));
  }
  return result;
}
