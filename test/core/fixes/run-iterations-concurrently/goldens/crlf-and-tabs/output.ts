import { getUser, type User } from "./io.js";

export async function loadUsers(ids: string[]): Promise<User[]> {
	const users: User[] = await Promise.all(ids.map(async (id) => {
		const user = await getUser(id);
		return user;
	}));
	return users;
}
