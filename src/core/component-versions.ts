import { compareVersions } from "./snapback-rules.js";

/** A version of one component, as the inclusion rule sees it. */
export interface ComponentVersion {
  id: string;
  name: string;
  createdAt: Date;
}

/** A release of a product, with the version of the component in question that it includes. */
export interface ReleaseOfComponent {
  releaseId: string;
  name: string;
  createdAt: Date;
  version: ComponentVersion;
}

/** Whether a product has released a component version yet, and in which releases. */
export interface Inclusion {
  /** A release of the product includes this version or a newer one of the component. */
  included: boolean;
  /** The releases that include exactly this version, oldest first. */
  releasedIn: { releaseId: string; name: string }[];
  /** The first release that includes this version or a newer one (null: none yet). */
  firstIncludedIn: { releaseId: string; name: string; versionId: string; versionName: string } | null;
}

/**
 * A version number: dotted numbers ("1.4", "v2.0.0"), with a pre-release ("-rc.1") or build metadata
 * ("+build.7", ignored as semver ignores it). A single number or a date with a hash ("20260501-ff00a1c")
 * is a build's name, ordered by when it was cut.
 */
const versionNumber = /^v?\d+(\.\d+)+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/i;

/**
 * Whether candidate is the same version as version or a newer one: by their names when both are version
 * numbers ("1.10.0" is newer than "1.9.2" whenever each was cut, so a hotfix 1.2.1 cut after 2.0.0
 * is older), else by when they were created (ids break ties: they sort by creation too).
 */
export function isSameOrNewer(candidate: ComponentVersion, version: ComponentVersion): boolean {
  if (candidate.id === version.id) return true;
  if (versionNumber.test(candidate.name.trim()) && versionNumber.test(version.name.trim())) {
    const withoutBuild = (name: string) => name.trim().replace(/\+.*$/, "");
    const order = compareVersions(withoutBuild(candidate.name), withoutBuild(version.name));
    // The same number ("1.2.3" and "1.2.3+build.7"): the one cut later is newer.
    if (order !== 0) return order > 0;
  }
  const difference = candidate.createdAt.getTime() - version.createdAt.getTime();
  return difference !== 0 ? difference > 0 : candidate.id > version.id;
}

/** Which of a product's releases (each with its version of the component) include version, or a newer one. */
export function inclusionOf(version: ComponentVersion, releases: readonly ReleaseOfComponent[]): Inclusion {
  const byAge = [...releases].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.releaseId < b.releaseId ? -1 : 1),
  );
  const first = byAge.find((release) => isSameOrNewer(release.version, version));
  return {
    included: first !== undefined,
    releasedIn: byAge
      .filter((release) => release.version.id === version.id)
      .map(({ releaseId, name }) => ({ releaseId, name })),
    firstIncludedIn: first
      ? { releaseId: first.releaseId, name: first.name, versionId: first.version.id, versionName: first.version.name }
      : null,
  };
}

/**
 * Whether a component's version holds a pull request taken by any of `direct` (the versions that took
 * it): it is one of them or newer than one (isSameOrNewer) — so a hotfix 1.2.1 cut after 2.0.0 does not
 * hold 2.0.0's pull requests, and 2.0.1 does.
 */
export function holdsPullRequest(running: ComponentVersion, direct: readonly ComponentVersion[]): boolean {
  return direct.some((version) => isSameOrNewer(running, version));
}

/**
 * The versions of one component whose pull requests a change of what runs can make live or take back,
 * from `before` to `after` (undefined: none of the component ran, or runs now): those one of the two
 * holds (is the same as or newer than) and the other does not.
 */
export function versionsBetween(
  all: readonly ComponentVersion[],
  before: ComponentVersion | undefined,
  after: ComponentVersion | undefined,
): ComponentVersion[] {
  // Exactly those one of the two holds and the other does not: with names of both kinds (numbers and
  // builds) the order need not be a line, so no range between the two would do.
  const holds = (running: ComponentVersion | undefined, version: ComponentVersion) =>
    running !== undefined && isSameOrNewer(running, version);
  return all.filter((version) => holds(before, version) !== holds(after, version));
}
