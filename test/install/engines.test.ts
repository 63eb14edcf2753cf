import { readFileSync } from "node:fs";
import semver from "semver";
import { describe, expect, it } from "vitest";

// `engines` promises a Node version; every installed package must run on it, or `npm install`
// warns (EBADENGINE) and the package may use APIs the promised Node lacks.
const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe("reproducible installs", () => {
  it("every locked package supports the oldest Node that engines promises", () => {
    const oldest = semver.minVersion(manifest.engines.node)?.version ?? "";
    const unsupported = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && !Array.isArray(entry.engines) && entry.engines?.node)
      .filter(([, entry]) => {
        const range = (entry.engines as { node: string }).node;
        return !semver.satisfies(oldest, range, { includePrerelease: true });
      })
      .map(([path, entry]) => `${path} needs node ${(entry.engines as { node: string }).node}`);
    expect(oldest).toMatch(/^\d+\.\d+\.\d+$/);
    expect(unsupported).toEqual([]);
  });

  it("the lock file names the same version ranges as package.json", () => {
    const root = lock.packages[""] as unknown as { dependencies: object; devDependencies: object };
    const pkg = JSON.parse(readFileSync("package.json", "utf8"));
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });
});
