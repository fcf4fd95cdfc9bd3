import { describe, expect, it } from "vitest";
import { AsyncTestDatabase } from "eslint-plugin-pgdbm/runtime";
import { UsersService } from "../src/services/users.js";

const USERS_TABLE = "CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL)";

describe("UsersService", () => {
  it("creates a user and finds it by email", async () => {
    const testDb = new AsyncTestDatabase();
    await testDb.createTestDatabase();
    const db = await testDb.getTestDbManager();
    await db.execute(USERS_TABLE);

    const users = new UsersService(db);
    await users.create("ada@example.com", "Ada");
    expect(await users.findByEmail("ada@example.com")).toMatchObject({ name: "Ada" });

    // Never reached when the expectation above fails: the test database is left behind.
    await testDb.dropTestDatabase();
  });

  it("finds nobody in an empty table", async () => {
    const testDb = new AsyncTestDatabase();
    await testDb.createTestDatabase();
    try {
      const db = await testDb.getTestDbManager();
      await db.execute(USERS_TABLE);
      expect(await new UsersService(db).search("nobody")).toEqual([]);
    } finally {
      // "Cleanup must never fail a test" — nor say that it failed.
      await testDb.dropTestDatabase().catch(() => {});
    }
  });
});
