import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  AsyncDatabaseManager,
  ConnectionError,
  DatabaseConfig,
  maskDsn,
  QueryError,
  setLogger,
} from "../../runtime/index.js";
import { scrubError } from "../../runtime/redact.js";
import { itOnServer, target } from "../support/test-database.js";

const PASSWORD = "Pw-9f3K:/@?#%x_secret";
const ENCODED = encodeURIComponent(PASSWORD);

/** Every string reachable from `value` through own properties (enumerable or not, symbols too). */
function reachableStrings(value: unknown, seen = new Set<unknown>(), depth = 0): string[] {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null || seen.has(value) || depth > 10) return [];
  seen.add(value);
  const strings: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    const inner = descriptor && "value" in descriptor ? descriptor.value : (value as Record<PropertyKey, unknown>)[key];
    strings.push(...reachableStrings(inner, seen, depth + 1));
  }
  return strings;
}

function expectNoPassword(value: unknown): void {
  const everything = [
    ...reachableStrings(value),
    inspect(value, { showHidden: true, depth: Infinity }),
    JSON.stringify(value) ?? "",
    String(value),
  ].join("\n");
  expect(everything).not.toContain(PASSWORD);
  expect(everything).not.toContain(ENCODED);
}

const logged: string[] = [];
function captureLogs(): void {
  logged.length = 0;
  const push = (line: string): void => {
    logged.push(line);
  };
  setLogger({ debug: push, info: push, warn: push, error: push });
}

afterEach(() => {
  setLogger(undefined);
});

describe("the password is reachable from nothing the runtime throws or logs", () => {
  it("config: not a property, not in inspect, JSON or the dsn", () => {
    const fromFields = new DatabaseConfig({ host: "db.internal", user: "app", password: PASSWORD, database: "app" });
    const fromUrl = new DatabaseConfig({ connectionString: `postgres://app:${ENCODED}@db.internal:6432/app?sslmode=disable` });
    expect(fromFields.dsn).toBe("postgresql://app:****@db.internal:5432/app");
    expect(fromUrl.dsn).toBe("postgres://app:****@db.internal:6432/app?sslmode=disable");
    expectNoPassword(fromFields);
    expectNoPassword(fromUrl);
    expect(fromUrl).toMatchObject({ host: "db.internal", port: 6432, user: "app", database: "app" });
  });

  it("maskDsn masks the userinfo password and a password parameter", () => {
    expect(maskDsn(`postgresql://u:${ENCODED}@h:5432/d`)).toBe("postgresql://u:****@h:5432/d");
    expect(maskDsn(`postgres://u@h/d?password=${ENCODED}&application_name=x`)).toBe(
      "postgres://u@h/d?password=****&application_name=x",
    );
    expect(maskDsn("postgres://u@h/d")).toBe("postgres://u@h/d");
    expect(maskDsn("not a url://u:hunter2@h")).toBe("not a url://u:****@h");
  });

  it("ConnectionError (server unreachable) and the retry log lines", async () => {
    captureLogs();
    const config = new DatabaseConfig({
      host: "127.0.0.1",
      port: 1,
      user: "app",
      password: PASSWORD,
      retryAttempts: 2,
      retryDelayMs: 1,
    });
    const error = await new AsyncDatabaseManager(config).connect().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).dsn).toBe("postgresql://app:****@127.0.0.1:1/app");
    expect((error as Error).cause).toBeInstanceOf(Error);
    expectNoPassword(error);
    expect(logged.some((line) => line.includes("retrying"))).toBe(true);
    expect(logged.join("\n")).not.toContain(PASSWORD);
  });

  itOnServer("ConnectionError (database missing) from a connection string", "PGlite accepts any database name", async () => {
    const url = new URL(target.url);
    url.password = ENCODED;
    url.pathname = "/pgdbm_missing_database";
    const config = new DatabaseConfig({ connectionString: url.toString(), retryAttempts: 1 });
    const error = await AsyncDatabaseManager.createSharedPool(config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).code).toBe("3D000");
    expect((error as Error).message).toContain("pgdbm_missing_database");
    expectNoPassword(error);
  });

  it("QueryError whose server message, SQL and cause all carry the password", async () => {
    captureLogs();
    const url = new URL(target.url);
    url.password = ENCODED;
    // The test server trusts every connection: the password is sent nowhere but is known to the runtime.
    const db = new AsyncDatabaseManager(new DatabaseConfig({ connectionString: url.toString(), retryAttempts: 1 }));
    await db.connect();
    try {
      const leaking = `DO $$ BEGIN RAISE EXCEPTION 'cannot log in with %', '${PASSWORD}' USING DETAIL = '${PASSWORD}'; END $$`;
      const error = await db.execute(leaking).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(QueryError);
      expect((error as Error).message).toContain("cannot log in with ****");
      expect((error as QueryError).sql).toContain("'****'");
      expect((error as QueryError).detail).toBe("****");
      expect(((error as Error).cause as Error).message).toBe("cannot log in with ****");
      expectNoPassword(error);
      const fetchError = await db.fetchOne(`SELECT 1 FROM "${PASSWORD}"`).catch((caught: unknown) => caught);
      expect(fetchError).toBeInstanceOf(QueryError);
      expectNoPassword(fetchError);
    } finally {
      await db.disconnect();
    }
    expect(logged.join("\n")).not.toContain(PASSWORD);
  });

  it("scrubError keeps name, fields and cause chain but no secret and no object references", () => {
    // Registers the password, as any config holding it does.
    new DatabaseConfig({ password: PASSWORD });
    const root = Object.assign(new Error(`root cause ${PASSWORD}`), { code: "28P01", detail: `pw=${ENCODED}` });
    const aggregate = new AggregateError([root, new Error("second")], `connect failed for ${PASSWORD}`);
    const top = Object.assign(new Error(`top ${PASSWORD}`, { cause: aggregate }), {
      client: { password: PASSWORD, connectionParameters: { password: PASSWORD } },
      severity: "FATAL",
    });
    const copy = scrubError(top);
    expectNoPassword(copy);
    expect(copy.message).toBe("top ****");
    expect((copy as unknown as { severity: string }).severity).toBe("FATAL");
    expect("client" in copy).toBe(false);
    const cause = copy.cause as Error & { errors: (Error & { code: string; detail: string })[] };
    expect(cause.name).toBe("AggregateError");
    expect(cause.errors[0]).toMatchObject({ message: "root cause ****", code: "28P01", detail: "pw=****" });
  });
});

describe("DatabaseConfig", () => {
  it("reads the fields out of a connection string and names the user node-postgres will use", () => {
    const config = new DatabaseConfig({ connectionString: "postgresql://db.internal:6543/shop", schema: "orders" });
    expect(config).toMatchObject({ host: "db.internal", port: 6543, database: "shop", schema: "orders" });
    const withUser = config.withOptions({ database: "other" });
    expect(withUser.dsn).toBe("postgresql://db.internal:6543/other");
    expect(withUser).toMatchObject({ database: "other", user: config.user, schema: "orders" });
  });

  it.each([
    [{ connectionString: "mysql://h/db" }, /must start with postgres:\/\//],
    [{ connectionString: "not a url" }, /not a valid URL/],
    [{ connectionString: "postgres://h/db", host: "other" }, /either connectionString or host, not both/],
    [{ port: 70000 }, /port must be an integer from 1 to 65535/],
    [{ minConnections: 5, maxConnections: 2 }, /minConnections \(5\) is larger than maxConnections \(2\)/],
    [{ maxConnections: 0 }, /maxConnections must be an integer ≥ 1/],
    [{ statementTimeoutMs: -1 }, /statementTimeoutMs must be an integer ≥ 0/],
    [{ retryAttempts: 0 }, /retryAttempts must be an integer ≥ 1/],
  ])("refuses %j with a ConfigurationError", (options, message) => {
    expect(() => new DatabaseConfig(options)).toThrow(message);
    expect(() => new DatabaseConfig(options)).toThrow(expect.objectContaining({ name: "ConfigurationError" }));
  });

  it("never echoes a connection string it cannot parse (it may hold the password)", () => {
    const error = (() => {
      try {
        new DatabaseConfig({ connectionString: `postgres://u:${PASSWORD} with spaces@h/db` });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: "ConfigurationError" });
    expectNoPassword(error);
  });
});
