import { getOrders, getUser, type Order, type User } from './fake-io.js';

class Api {
  getUser(id: string): Promise<User> {
    return getUser(id);
  }

  getOrders(id: string): Promise<Order[]> {
    return getOrders(id);
  }
}

export class ProfileView {
  user: User | undefined;
  private readonly api = new Api();

  async load(id: string): Promise<number> {
    let orders: Order[];
    [this.user, orders] = await Promise.all([
      this.api.getUser(id),
      this.api.getOrders(id),
    ]);
    return orders.length;
  }
}

export async function main() {
  const view = new ProfileView();
  const count = await view.load('7');
  return { count, user: view.user };
}
