import type { AsyncDatabaseManager } from "eslint-plugin-pgdbm/runtime";

export interface Order {
  id: number;
  userId: number;
  sku: string;
  quantity: number;
}

const ORDER_COLUMNS = "id, user_id AS \"userId\", sku, quantity";

export class OrdersService {
  constructor(private readonly db: AsyncDatabaseManager) {}

  async forUser(userId: number): Promise<Order[]> {
    return this.db.fetchAll<Order>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE user_id = $1 ORDER BY id`, userId);
  }

  async totals(): Promise<{ sku: string; total: number }[]> {
    return this.db.fetchAll("SELECT sku, sum(quantity)::int AS total FROM orders.orders GROUP BY sku");
  }
}
