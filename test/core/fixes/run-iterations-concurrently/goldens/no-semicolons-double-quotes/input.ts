import { getUser, save } from "./io.js"

export async function copyUsers(ids: string[]) {
  for (const id of ids) {
    const user = await getUser(id)
    await save("copy:" + id, user)
  }
}
