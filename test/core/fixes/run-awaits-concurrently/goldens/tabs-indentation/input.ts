import { getOrders, getPrefs, getUser } from './fake-io.js';

export class Loader {
	async load(id: string) {
		const user = await getUser(id);
		const orders = await getOrders(id);
		const prefs = await getPrefs(id);
		return { user, orders, prefs };
	}
}

export async function main() {
	return new Loader().load('18');
}
