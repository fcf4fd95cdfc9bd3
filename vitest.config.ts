import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/fixtures/**", "node_modules/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Picks the database of the DB tests (server or embedded PGlite); see tests/support/test-database.ts.
    globalSetup: ["tests/support/global-setup.ts"],
    reporters: ["default", "./tests/support/skip-reporter.ts"],
  },
});
