// Stand-ins for the service's database, HTTP clients and cache, typed like the real ones.
export interface User { id: string; name: string; email: string }
export interface Order { id: string; userId: string; total: number; lines: OrderLine[] }
export interface OrderLine { sku: string; quantity: number; price: number }
export interface Invoice { id: string; orderId: string; pdf: Uint8Array }

export declare const db: {
  users: { findById(id: string): Promise<User>; update(id: string, patch: Partial<User>): Promise<void> };
  orders: { findByUser(userId: string): Promise<Order[]>; insert(order: Order): Promise<void> };
  invoices: { findByOrder(orderId: string): Promise<Invoice | undefined> };
  transaction<T>(work: (tx: unknown) => Promise<T>): Promise<T>;
};
export declare const cache: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void> };
export declare function getRecommendations(userId: string): Promise<string[]>;
export declare function fetchExchangeRate(currency: string): Promise<number>;
export declare function sleep(ms: number): Promise<void>;
export declare function log(message: string): void;
