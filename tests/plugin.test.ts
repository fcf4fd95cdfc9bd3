import { describe, expect, it } from "vitest";
import plugin from "../index.js";
import pkg from "../package.json" with { type: "json" };

describe("plugin object", () => {
  it("names itself after the package", () => {
    expect(plugin.meta).toEqual({ name: "eslint-plugin-pgdbm", version: pkg.version, namespace: "pgdbm" });
  });

  it("offers the three presets and the .sql config, each registering the plugin under its namespace", () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(["all", "recommended", "sql", "strict"]);
    for (const config of Object.values(plugin.configs)) {
      expect(config.plugins?.pgdbm).toBe(plugin);
    }
  });
});
