import { getUser, type User } from "./io.js";

export async function loadUsers(ids: string[]): Promise<User[]> {
	const users: User[] = [];
	for (const id of ids) {
		const user = await getUser(id);
		users.push(user);
	}
	return users;
}
