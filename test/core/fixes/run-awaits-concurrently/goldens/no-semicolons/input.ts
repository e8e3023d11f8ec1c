import { getOrders, getUser } from './fake-io.js'

export async function loose(id: string) {
  const user = await getUser(id)
  const orders = await getOrders(id)
  return { user, orders }
}

export async function main() {
  return loose('14')
}
