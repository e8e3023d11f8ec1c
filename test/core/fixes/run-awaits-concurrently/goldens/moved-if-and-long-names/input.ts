import { getOrders, getPrefs, getUser } from './fake-io.js';

/**
 * A four-space file whose JSDoc lines start with one space.
 */
export async function dashboard(customerIdentifier: string) {
    const customerProfileRecord = await getUser(customerIdentifier);

    let label = 'new';
    if (customerProfileRecord.name.length > 3) {
        label = 'known';
    }

    const customerOrderHistory = await getOrders(customerIdentifier);
    const customerPreferenceSet = await getPrefs(customerIdentifier);
    return { label, orders: customerOrderHistory.length, theme: customerPreferenceSet.theme };
}

export async function main() {
    return dashboard('24');
}
