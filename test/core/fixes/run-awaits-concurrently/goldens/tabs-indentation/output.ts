import { getOrders, getPrefs, getUser } from './fake-io.js';

export class Loader {
	async load(id: string) {
		const [user, orders, prefs] = await Promise.all([
			getUser(id),
			getOrders(id),
			getPrefs(id),
		]);
		return { user, orders, prefs };
	}
}

export async function main() {
	return new Loader().load('18');
}
