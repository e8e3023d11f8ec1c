import { getOrders, getUser } from './fake-io.js'
import type { Order, User } from './fake-io.js'

interface State {
  user?: User
  orders?: Order[]
}

export async function fill(id: string) {
  const state: State = {}
  state.user = await getUser(id)
  state.orders = await getOrders(id)
  return state
}

export async function main() {
  return fill('3')
}
