import { describe, expect, it } from "vitest";
import {
  type ComponentVersion,
  holdsPullRequest,
  inclusionOf,
  isSameOrNewer,
  type ReleaseOfComponent,
  versionsBetween,
} from "./component-versions.js";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const v = (id: string, name: string, minute: number): ComponentVersion => ({ id, name, createdAt: at(minute) });
const release = (releaseId: string, minute: number, version: ComponentVersion): ReleaseOfComponent => ({
  releaseId,
  name: releaseId,
  createdAt: at(minute),
  version,
});

describe("a component version counts as the same or newer", () => {
  // [candidate, version, same or newer?] — worked out by hand.
  const cases: [ComponentVersion, ComponentVersion, boolean][] = [
    [v("a", "1.4.0", 1), v("a", "1.4.0", 1), true],
    [v("b", "1.10.0", 2), v("a", "1.9.2", 1), true],
    [v("a", "1.9.2", 1), v("b", "1.10.0", 2), false],
    // A hotfix of an old line, cut later, is older than what was released before it.
    [v("c", "1.2.1", 5), v("b", "2.0.0", 2), false],
    [v("b", "2.0.0", 2), v("c", "1.2.1", 5), true],
    [v("d", "2.0.0-rc1", 3), v("b", "2.0.0", 2), false],
    [v("e", "v2.1", 4), v("b", "2.0.0", 2), true],
    // Names that are not version numbers: creation order.
    [v("f", "nightly-2026-01-02", 10), v("g", "nightly-2026-01-01", 9), true],
    [v("g", "nightly-2026-01-01", 9), v("f", "nightly-2026-01-02", 10), false],
    [v("h", "blue", 11), v("b", "2.0.0", 2), true],
    [v("b", "2.0.0", 2), v("h", "blue", 11), false],
    // Build names, not version numbers: by when they were cut, whatever their hashes say.
    [v("k", "20260501-0a11b2d", 20), v("l", "20260501-ff00a1c", 19), true],
    [v("l", "20260501-ff00a1c", 19), v("k", "20260501-0a11b2d", 20), false],
    // Build metadata is no part of the number: the same number cut later is newer.
    [v("m", "1.2.3+build.7", 21), v("n", "1.2.3", 20), true],
    // Same millisecond: the later id (UUIDv7 sorts by creation) is newer.
    [v("j", "x", 12), v("i", "y", 12), true],
    [v("i", "y", 12), v("j", "x", 12), false],
  ];
  it.each(cases)("%o against %o", (candidate, version, expected) => {
    expect(isSameOrNewer(candidate, version)).toBe(expected);
  });
});

describe("whether a product's releases include a component version", () => {
  const old = v("v1", "1.0.0", 1);
  const target = v("v2", "1.1.0", 2);
  const newer = v("v3", "1.2.0", 3);

  it("not yet: no release, or only releases of older versions", () => {
    expect(inclusionOf(target, [])).toEqual({ included: false, releasedIn: [], firstIncludedIn: null });
    expect(inclusionOf(target, [release("web 1", 1, old)])).toEqual({
      included: false,
      releasedIn: [],
      firstIncludedIn: null,
    });
  });

  it("yes: the releases with exactly this version, oldest first, and the first that includes it", () => {
    const releases = [release("web 3", 7, newer), release("web 2", 5, target), release("web 1", 1, old)];
    expect(inclusionOf(target, [...releases, release("web 2.1", 6, target)])).toEqual({
      included: true,
      releasedIn: [
        { releaseId: "web 2", name: "web 2" },
        { releaseId: "web 2.1", name: "web 2.1" },
      ],
      firstIncludedIn: { releaseId: "web 2", name: "web 2", versionId: "v2", versionName: "1.1.0" },
    });
  });

  it("yes, through a newer version: a product that skipped this one has it anyway", () => {
    expect(inclusionOf(target, [release("desktop 5", 8, newer), release("desktop 4", 1, old)])).toEqual({
      included: true,
      releasedIn: [],
      firstIncludedIn: { releaseId: "desktop 5", name: "desktop 5", versionId: "v3", versionName: "1.2.0" },
    });
  });
});

describe("which versions hold a pull request, and which a change of what runs moves", () => {
  // Cut in this order: 1.0.0, 1.1.0, 2.0.0, then the hotfix 1.1.1 of the old line, then 2.1.0.
  const [v100, v110, v200, v111, v210] = [
    v("a", "1.0.0", 1),
    v("b", "1.1.0", 2),
    v("c", "2.0.0", 3),
    v("d", "1.1.1", 4),
    v("e", "2.1.0", 5),
  ] as const;
  const all = [v100, v110, v200, v111, v210];
  const names = (versions: ComponentVersion[]) => versions.map((version) => version.name);

  it("a version holds what it took and what every older version took, not what a newer one cut earlier did", () => {
    expect(holdsPullRequest(v111, [v200])).toBe(false);
    expect(holdsPullRequest(v111, [v110])).toBe(true);
    expect(holdsPullRequest(v210, [v111])).toBe(true);
    // Backported: taken by 2.0.0 and by the hotfix, so the hotfix holds it.
    expect(holdsPullRequest(v111, [v200, v111])).toBe(true);
  });

  it.each([
    // [before, after, versions whose pull requests may move] — by hand.
    [undefined, v111, ["1.0.0", "1.1.0", "1.1.1"]],
    [v200, undefined, ["1.0.0", "1.1.0", "2.0.0", "1.1.1"]],
    [v110, v111, ["1.1.1"]],
    [v111, v200, ["2.0.0"]],
    [v200, v111, ["2.0.0"]],
    [v100, v210, ["1.1.0", "2.0.0", "1.1.1", "2.1.0"]],
    [v200, v200, []],
    [undefined, undefined, []],
  ] as const)("from %o to %o", (before, after, expected) => {
    expect(names(versionsBetween(all, before, after))).toEqual(expected);
  });

  it("with build names among numbers, every version one of the two holds and the other does not", () => {
    // 2.0.0 cut first, then a nightly build, then 1.5.0. From 1.5.0 to the nightly: 2.0.0's work comes
    // (the nightly, cut after it, holds it; 1.5.0 does not), 1.5.0's goes (cut after the nightly).
    const [v2, nightly, v15] = [v("a", "2.0.0", 1), v("b", "nightly", 2), v("c", "1.5.0", 3)];
    expect(names(versionsBetween([v2, nightly, v15], v15, nightly))).toEqual(["2.0.0", "1.5.0"]);
  });
});
