import { getOrders, getPrefs, getUser } from './fake-io.js';

/**
 * A four-space file whose JSDoc lines start with one space.
 */
export async function dashboard(customerIdentifier: string) {
    const [
        customerProfileRecord,
        customerOrderHistory,
        customerPreferenceSet,
    ] = await Promise.all([
        getUser(customerIdentifier),
        getOrders(customerIdentifier),
        getPrefs(customerIdentifier),
    ]);

    let label = 'new';
    if (customerProfileRecord.name.length > 3) {
        label = 'known';
    }
    return { label, orders: customerOrderHistory.length, theme: customerPreferenceSet.theme };
}

export async function main() {
    return dashboard('24');
}
