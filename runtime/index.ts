export { DatabaseConfig, maskDsn, type DatabaseConfigOptions } from "./config.js";
export {
  ConfigurationError,
  ConnectionError,
  MigrationError,
  PgdbmError,
  PoolError,
  QueryError,
  SchemaError,
} from "./errors.js";
export { IDENTIFIER_PATTERN, isSafeIdentifier } from "./identifiers.js";
export { setLogger, type RuntimeLogger } from "./log.js";
export {
  AsyncDatabaseManager,
  TransactionManager,
  type ManagerPoolStats,
  type SharedPoolManagerOptions,
} from "./manager.js";
export { AsyncMigrationManager, type Migration, type MigrationManagerOptions } from "./migrations.js";
export { DUPLICATE_POOL_WARNING_CODE, SharedPool, type PoolStats } from "./pool.js";
export type { Row } from "./query-methods.js";
export { splitSqlStatements, type SqlStatement } from "./sql-splitter.js";
export { expandTemplates } from "./templates.js";
export { AsyncTestDatabase, testAdminConfigFromEnv, type TestDbManagerOptions } from "./testing.js";
