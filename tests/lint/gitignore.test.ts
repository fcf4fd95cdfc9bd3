import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { gitignoreLineToPattern, gitignorePatterns } from "../../lint/gitignore.js";
import { makeTempTree, removeTree } from "./support/temp-tree.js";

describe("gitignoreLineToPattern", () => {
  it.each([
    ["dist", "**/dist"],
    ["dist/", "**/dist/"],
    ["/dist", "dist"],
    ["/dist/", "dist/"],
    ["src/generated", "src/generated"],
    ["src/generated/", "src/generated/"],
    ["**/tmp", "**/tmp"],
    ["**/tmp/cache", "**/tmp/cache"],
    ["fixtures/**", "fixtures/**/*"],
    ["*.log", "**/*.log"],
    ["!keep.sql", "!**/keep.sql"],
    ["!/fixtures/keep.sql", "!fixtures/keep.sql"],
    ["\\#notes", "**/#notes"],
    ["\\!bang", "**/!bang"],
    ["src/{a,b}.js", "src/\\{a,b\\}.js"],
    ["trailing   ", "**/trailing"],
  ])("turns %j into %j", (line, pattern) => {
    expect(gitignoreLineToPattern(line)).toBe(pattern);
  });

  it.each(["", "   ", "# comment", "!", "/"])("skips %j", (line) => {
    expect(gitignoreLineToPattern(line)).toBeUndefined();
  });
});

describe("gitignorePatterns", () => {
  const roots: string[] = [];
  afterEach(async () => {
    await Promise.all(roots.splice(0).map(removeTree));
  });

  it("rebases the repository's and nested ignore files onto the working folder, shallow first", async () => {
    const root = await makeTempTree({
      ".git/HEAD": "ref: refs/heads/main\n",
      ".gitignore": "# build output\ndist/\n/packages/api/coverage\n/packages/web/cache\n",
      "packages/.gitignore": "api/tmp/\n",
      "packages/api/.gitignore": "/generated\n*.bak\nignored-by-parent/\n",
      "packages/api/src/.gitignore": "!keep.bak\n",
      "packages/api/ignored-by-parent/.gitignore": "never-read\n",
      "packages/api/.gitignore.orig": "not an ignore file\n",
    });
    roots.push(root);

    const patterns = await gitignorePatterns(path.join(root, "packages/api"));

    expect(patterns).toEqual(["**/dist/", "coverage", "tmp/", "generated", "**/*.bak", "**/ignored-by-parent/", "!src/**/keep.bak"]);
  });

  it("reads only the working folder's ignore files outside a repository", async () => {
    const root = await makeTempTree({ ".gitignore": "out/\n", "app/.gitignore": "/local.sql\n" });
    roots.push(root);

    expect(await gitignorePatterns(path.join(root, "app"))).toEqual(["local.sql"]);
    expect(await gitignorePatterns(root)).toEqual(["**/out/", "app/local.sql"]);
  });
});
