import { getUser, save } from "./io.js"

export async function copyUsers(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    const user = await getUser(id)
    await save("copy:" + id, user)
  }))
}
