import type { TSESLint } from "@typescript-eslint/utils";
import noBareTableName from "./no-bare-table-name.js";
import noHardcodedSchema from "./no-hardcoded-schema.js";
import noSearchPath from "./no-search-path.js";
import noSqlInterpolation from "./no-sql-interpolation.js";
import noConnectOnPooledManager from "./no-connect-on-pooled-manager.js";
import noExternalManagerClose from "./no-external-manager-close.js";
import noMigrationSchemaOption from "./no-migration-schema-option.js";
import noMultiplePools from "./no-multiple-pools.js";
import noSchemaMutation from "./no-schema-mutation.js";
import noSwallowedCleanupErrors from "./no-swallowed-cleanup-errors.js";
import preferTestFixtures from "./prefer-test-fixtures.js";
import requireCleanupInFinally from "./require-cleanup-in-finally.js";
import requireModuleName from "./require-module-name.js";
import uniqueModuleName from "./unique-module-name.js";

// Each rule adds one import and one entry here, keyed by its file name.
export const rules = {
  "no-bare-table-name": noBareTableName,
  "no-hardcoded-schema": noHardcodedSchema,
  "no-search-path": noSearchPath,
  "no-sql-interpolation": noSqlInterpolation,
  "no-connect-on-pooled-manager": noConnectOnPooledManager,
  "no-external-manager-close": noExternalManagerClose,
  "no-migration-schema-option": noMigrationSchemaOption,
  "no-multiple-pools": noMultiplePools,
  "no-schema-mutation": noSchemaMutation,
  "no-swallowed-cleanup-errors": noSwallowedCleanupErrors,
  "prefer-test-fixtures": preferTestFixtures,
  "require-cleanup-in-finally": requireCleanupInFinally,
  "require-module-name": requireModuleName,
  "unique-module-name": uniqueModuleName,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;
