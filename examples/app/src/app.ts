import { fileURLToPath } from "node:url";
import { AsyncDatabaseManager, AsyncMigrationManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";
import { OrdersService } from "./services/orders.js";
import { UsersService } from "./services/users.js";

const connectionString = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/shop";
const migrations = (name: string): string => fileURLToPath(new URL(`../migrations/${name}`, import.meta.url));

export interface App {
  users: UsersService;
  orders: OrdersService;
  stop(): Promise<void>;
}

export async function startApp(): Promise<App> {
  // One manager per service, each with its own config: each opens its own pool to the same
  // database, and Postgres runs out of connections long before the services run out of work.
  const usersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema: "users" }));
  const ordersDb = new AsyncDatabaseManager(new DatabaseConfig({ connectionString, schema: "orders" }));
  await usersDb.connect();
  await ordersDb.connect();

  // Copy-pasted: both record their files under module "app", so each thinks the other's are applied.
  await new AsyncMigrationManager(usersDb, migrations("users"), { moduleName: "app" }).applyPendingMigrations();
  await new AsyncMigrationManager(ordersDb, migrations("orders"), { moduleName: "app" }).applyPendingMigrations();

  // "Makes the unqualified names work" — for whichever pooled connection this happens to run on.
  await ordersDb.execute("SET search_path TO orders, public");

  return {
    users: new UsersService(usersDb),
    orders: new OrdersService(ordersDb),
    async stop() {
      await usersDb.disconnect();
      await ordersDb.disconnect();
    },
  };
}
