import { describe, expect, it } from "vitest";
import { DEFAULT_QUERY_METHODS, defaultSettings, getPgdbmSettings } from "../../estree/settings.js";

describe("getPgdbmSettings", () => {
  it("fills every default when settings.pgdbm is absent", () => {
    expect(getPgdbmSettings({ settings: {} })).toEqual({
      runtimeModules: ["eslint-plugin-pgdbm/runtime"],
      queryMethods: ["execute", "executeMany", "fetchOne", "fetchAll", "fetchValue", "executeAndReturnId", "prepareQuery"],
      templateStyle: "braces",
      allowedSchemas: ["pg_catalog", "information_schema"],
      ignoreTables: [],
      sqlDetection: "queryMethods",
    });
    expect(getPgdbmSettings({})).toBe(defaultSettings);
  });

  it("reads what the user set; allowedSchemas only adds to the system schemas", () => {
    const settings = getPgdbmSettings({
      settings: {
        pgdbm: {
          runtimeModules: ["@acme/db"],
          queryMethods: ["run", "all"],
          templateStyle: "angle",
          allowedSchemas: ["extensions", "pg_catalog"],
          ignoreTables: ["spatial_ref_sys"],
          sqlDetection: "keywords",
        },
      },
    });
    expect(settings).toEqual({
      runtimeModules: ["@acme/db"],
      queryMethods: ["run", "all"],
      templateStyle: "angle",
      allowedSchemas: ["pg_catalog", "information_schema", "extensions"],
      ignoreTables: ["spatial_ref_sys"],
      sqlDetection: "keywords",
    });
  });

  it("falls back to the default for a value of the wrong type instead of throwing", () => {
    const settings = getPgdbmSettings({
      settings: { pgdbm: { queryMethods: 42, templateStyle: "curly", ignoreTables: "audit", sqlDetection: true, allowedSchemas: [1, "x"] } },
    });
    expect(settings.queryMethods).toBe(DEFAULT_QUERY_METHODS);
    expect(settings.templateStyle).toBe("braces");
    expect(settings.ignoreTables).toEqual(["audit"]);
    expect(settings.sqlDetection).toBe("queryMethods");
    expect(settings.allowedSchemas).toEqual(["pg_catalog", "information_schema", "x"]);
    expect(getPgdbmSettings({ settings: { pgdbm: "braces" } })).toBe(defaultSettings);
  });

  it("reads one settings object once", () => {
    const pgdbm = { templateStyle: "angle" };
    expect(getPgdbmSettings({ settings: { pgdbm } })).toBe(getPgdbmSettings({ settings: { pgdbm } }));
  });
});
