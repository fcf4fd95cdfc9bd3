import { createServer, type IncomingMessage } from "node:http";
import { AsyncDatabaseManager, DatabaseConfig } from "eslint-plugin-pgdbm/runtime";

interface OrderRequest {
  userId: number;
  sku: string;
  quantity: number;
}

async function readJson<T>(request: IncomingMessage): Promise<T> {
  let body = "";
  for await (const chunk of request) body += String(chunk);
  return JSON.parse(body) as T;
}

async function placeOrder({ userId, sku, quantity }: OrderRequest): Promise<number> {
  // Opens (and closes) a whole pool for every order placed.
  const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: process.env.DATABASE_URL, schema: "orders" }));
  await db.connect();
  try {
    const id = await db.executeAndReturnId(
      "INSERT INTO orders (user_id, sku, quantity) VALUES ($1, $2, $3) RETURNING id",
      userId,
      sku,
      quantity,
    );
    return Number(id);
  } finally {
    await db.disconnect();
  }
}

export const server = createServer(async (request, response) => {
  if (request.method === "POST" && request.url === "/orders") {
    const id = await placeOrder(await readJson<OrderRequest>(request));
    response.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    return;
  }
  response.writeHead(404).end();
});
