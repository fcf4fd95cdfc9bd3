import { AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

/** The nightly report job: it already learned about shared pools, but not what they change. */
export async function dailyReport(connectionString: string): Promise<{ day: string; orders: number }[]> {
  const pool = await AsyncDatabaseManager.createSharedPool(new DatabaseConfig({ connectionString }));
  const reportsDb = new AsyncDatabaseManager({ pool, schema: "reports" });
  await reportsDb.connect();
  try {
    return await reportsDb.fetchAll(
      "SELECT date_trunc('day', created_at)::date::text AS day, count(*)::int AS orders FROM orders.orders GROUP BY 1 ORDER BY 1",
    );
  } finally {
    await pool.close();
  }
}
