import { save } from "./io.js"

export async function saveAll(keys: string[]) {
	for (const key of keys) {
		await save(key, "on")
	}
}
