import { readFile } from "fs/promises"
import * as path from "path"

export async function main(dir: string): Promise<string> {
  const file = path.join(dir, "small.txt")
  const text = await readFile(file, "utf8")
  return text.trim()
}
