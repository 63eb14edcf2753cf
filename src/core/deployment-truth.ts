/**
 * Deployment truth (DESIGN §2) as one pure function: given what runs where now, and the part of the graph
 * a change of it touches, what moves — pull requests shipped or back to merged, issues resolved or
 * reopened, improvements completed or back in progress, patterns addressed or reopened — and who is told
 * (or told it was rolled back). Snapback and rollback are the same question asked after different changes,
 * so a replay, which changes nothing that runs anywhere, changes nothing here either.
 */
import type { ImprovementStatus, IssueStatus, PatternStatus, PullRequestStatus } from "./state-machines.js";

export interface EnvironmentFacts {
  name: string;
  /** The product it serves; null: every product. */
  productId: string | null;
  production: boolean;
  /** Whether contacts or accounts are pinned to it: then it serves only them. */
  pinned: boolean;
}

/** A product's environment and the deployment whose release runs there now. */
export interface Place {
  productId: string;
  environment: string;
  deploymentId: string;
  /** When that deployment succeeded (ms): of two places that answer a person, the later one did. */
  at: number;
}

export interface PullRequestFacts {
  id: string;
  status: PullRequestStatus;
  componentId: string;
  /** Where a release containing it (its version or a later one of its component) runs now. */
  live: Place[];
}

export interface IssueFacts {
  id: string;
  status: IssueStatus;
  pullRequestIds: string[];
}

export interface ImprovementFacts {
  id: string;
  status: ImprovementStatus;
  /** Products it targets, those of its component targets included (docs/API.md). */
  targetProductIds: string[];
  issueIds: string[];
}

export interface PatternFacts {
  id: string;
  status: PatternStatus;
  generation: number;
  improvementIds: string[];
  /**
   * The fix its people were told of: the improvements completed when it was last addressed. Whether a
   * person's notification still holds is asked of these, also after a rollback took one of them back.
   */
  fixImprovementIds?: string[];
  /**
   * Open because a rollback took its fix back (not disputed): the same fix running again addresses it
   * again, in the same generation. Reopened any other way — a "still broken" answer, a regression, by
   * hand — it waits for new work: an improvement outside fixImprovementIds completing.
   */
  reopenedByRollback?: boolean;
}

/** A person behind a pattern: the thread to answer, the product they said they run, where they are. */
export interface PersonFacts {
  patternId: string;
  contactId: string;
  signalId: string;
  firstSignalAt: number;
  productId: string | null;
  /** Environments the contact or their account is pinned to. */
  pinned: string[];
}

/** A notification not withdrawn, of a pattern's current generation. */
export interface NotificationFacts {
  id: string;
  patternId: string;
  contactId: string;
  status: "queued" | "sent" | "failed" | "cancelled";
}

export interface TruthGraph {
  environments: EnvironmentFacts[];
  /** Components of each product. */
  productComponents: Record<string, string[]>;
  pullRequests: PullRequestFacts[];
  issues: IssueFacts[];
  improvements: ImprovementFacts[];
  patterns: PatternFacts[];
  people: PersonFacts[];
  notifications: NotificationFacts[];
  /**
   * Improvements rejected just now: like one completed now, they may address their patterns (one that
   * held a pattern back no longer does).
   */
  touchedImprovementIds?: string[];
}

export interface Move<S> {
  id: string;
  from: S;
  to: S;
}

export interface TruthChanges {
  pullRequests: Move<PullRequestStatus>[];
  issues: Move<IssueStatus>[];
  improvements: Move<ImprovementStatus>[];
  /**
   * `sameGeneration`: addressed again by the fix a rollback had taken back, so its people's notifications
   * still stand (those withdrawn are told again, the others are not told twice).
   */
  patterns: (Move<PatternStatus> & { sameGeneration?: true })[];
  /** People to tell, each by the deployment that made the fix live where they are. */
  tell: { patternId: string; contactId: string; signalId: string; firstSignalAt: number; deploymentId: string }[];
  /** Notifications whose fix no longer runs where their person is. */
  withdraw: NotificationFacts[];
}

/** Environments that count for a person and a product: their pins there, else the open production ones. */
export function environmentsFor(person: { pinned: string[] }, productId: string, all: EnvironmentFacts[]): string[] {
  const serving = all.filter((env) => env.productId === null || env.productId === productId);
  const pinned = serving.filter((env) => person.pinned.includes(env.name));
  if (pinned.length > 0) return pinned.map((env) => env.name);
  const production = serving.filter((env) => env.production);
  // An environment with pins serves only them, unless every production environment has pins.
  const open = production.filter((env) => !env.pinned);
  return (open.length > 0 ? open : production).map((env) => env.name);
}

/** Computes what a change of what runs where means for the graph given (see the file's comment). */
export function reconcileTruth(graph: TruthGraph): TruthChanges {
  const production = new Set(graph.environments.filter((env) => env.production).map((env) => env.name));
  const inProduction = (place: Place) => production.has(place.environment);

  const prStatus = new Map<string, PullRequestStatus>();
  const pullRequests: Move<PullRequestStatus>[] = [];
  for (const pr of graph.pullRequests) {
    const shipped = pr.live.some(inProduction);
    const to =
      pr.status === "merged" && shipped ? "shipped" : pr.status === "shipped" && !shipped ? "merged" : pr.status;
    prStatus.set(pr.id, to);
    if (to !== pr.status) pullRequests.push({ id: pr.id, from: pr.status, to });
  }
  const prById = new Map(graph.pullRequests.map((pr) => [pr.id, pr]));
  const shippedPrs = (issue: IssueFacts) =>
    issue.pullRequestIds.flatMap((id) => (prStatus.get(id) === "shipped" ? [prById.get(id) as PullRequestFacts] : []));

  const issueStatus = new Map<string, IssueStatus>();
  const issues: Move<IssueStatus>[] = [];
  for (const issue of graph.issues) {
    const resolved = shippedPrs(issue).length > 0;
    const to =
      issue.status === "open" && resolved
        ? "resolved"
        : issue.status === "resolved" && !resolved
          ? "open"
          : issue.status;
    issueStatus.set(issue.id, to);
    if (to !== issue.status) issues.push({ id: issue.id, from: issue.status, to });
  }
  const issueById = new Map(graph.issues.map((issue) => [issue.id, issue]));

  const improvementStatus = new Map<string, ImprovementStatus>();
  const improvements: Move<ImprovementStatus>[] = [];
  for (const imp of graph.improvements) {
    const done = isShippedEverywhere(imp, issueById, issueStatus, shippedPrs, inProduction);
    let to = imp.status;
    if (done && imp.status !== "completed" && imp.status !== "rejected") to = "completed";
    // Only what shipping completed is taken back: one completed by hand (no open work of its own, a
    // help-centre article) was never made live by a deployment, so none can take it back.
    const shippedWork = imp.issueIds.some((id) => issueStatus.has(id) && issueStatus.get(id) !== "closed");
    if (!done && imp.status === "completed" && shippedWork) to = "in_progress";
    improvementStatus.set(imp.id, to);
    if (to !== imp.status) improvements.push({ id: imp.id, from: imp.status, to });
  }
  const moved = new Map(improvements.map((move) => [move.id, move.to]));
  const touched = new Set(graph.touchedImprovementIds ?? []);
  // Grouped once: a pattern may have tens of thousands of people.
  const peopleOf = groupBy(graph.people, (p) => p.patternId);
  const notificationsOf = groupBy(graph.notifications, (n) => n.patternId);

  const patterns: TruthChanges["patterns"] = [];
  const tell: TruthChanges["tell"] = [];
  const withdraw: NotificationFacts[] = [];
  for (const pattern of graph.patterns) {
    const statuses = pattern.improvementIds.map((id) => improvementStatus.get(id)).filter((s) => s !== undefined);
    const live = statuses.filter((status) => status !== "rejected");
    const allDone = live.length > 0 && live.every((status) => status === "completed");
    // Only what this change moved moves a pattern: one addressed by hand-settled work, or reopened as a
    // regression, stays as it is when an unrelated release runs somewhere.
    const completedNow = pattern.improvementIds.some((id) => moved.get(id) === "completed" || touched.has(id));
    const undoneNow = pattern.improvementIds.some((id) => moved.get(id) === "in_progress");
    const fixIds = new Set(pattern.fixImprovementIds ?? []);
    // Disputed (reopened by an answer, a regression, by hand): the fix it had does not address it again,
    // however often it is rolled back and deployed again; only new work that is done does.
    const disputed = pattern.status === "open" && !pattern.reopenedByRollback && fixIds.size > 0;
    const newWorkDone = pattern.improvementIds.some(
      (id) => !fixIds.has(id) && improvementStatus.get(id) === "completed",
    );
    let status = pattern.status;
    if (pattern.status === "open" && allDone && completedNow && (!disputed || newWorkDone)) status = "addressed";
    if (pattern.status === "addressed" && undoneNow) status = "open";
    // Addressed again by the fix a rollback took back: the same fix, the same generation.
    const sameGeneration = status === "addressed" && pattern.status === "open" && pattern.reopenedByRollback === true;
    if (status !== pattern.status) {
      patterns.push({
        id: pattern.id,
        from: pattern.status,
        to: status,
        ...(sameGeneration ? { sameGeneration } : {}),
      });
    }

    const current = notificationsOf.get(pattern.id) ?? [];
    const newGeneration = status === "addressed" && pattern.status !== "addressed" && !sameGeneration;
    // Not addressed (reopened now or earlier): nobody new is told, but what was told and no longer runs
    // where its person is is withdrawn — only that: a pattern reopens when one product loses its fix,
    // and the people of a product that still runs it keep their notification.
    if (status !== "addressed" && current.length === 0) continue;
    const fix = fixOf(
      pattern,
      fixIds,
      graph,
      improvementStatus,
      issueStatus,
      prStatus,
      prById,
      shippedPrs,
      inProduction,
    );
    const told = new Map(newGeneration ? [] : current.map((n) => [n.contactId, n] as const));
    const where = new Map<string, string | null>();
    const answer = (person: Pick<PersonFacts, "productId" | "pinned">) => {
      // People pinned alike, saying the same product, are answered alike: computed once per kind.
      const key = `${person.productId ?? ""}|${[...person.pinned].sort().join(",")}`;
      if (!where.has(key)) where.set(key, answeringDeployment(person, fix, graph.environments));
      return where.get(key) ?? null;
    };
    const people = peopleOf.get(pattern.id) ?? [];
    for (const person of people) {
      const deploymentId = answer(person);
      const notification = told.get(person.contactId);
      if (deploymentId && !notification && status === "addressed") {
        told.set(person.contactId, { id: "", patternId: pattern.id, contactId: person.contactId, status: "queued" });
        tell.push({
          patternId: pattern.id,
          contactId: person.contactId,
          signalId: person.signalId,
          firstSignalAt: person.firstSignalAt,
          deploymentId,
        });
      }
      if (!deploymentId && notification?.id) withdraw.push(notification);
    }
    // Someone told who is no longer behind the pattern (their signal moved away): where they said
    // nothing, the fix must run where anyone unpinned is.
    if (status === "addressed") continue;
    const behind = new Set(people.map((p) => p.contactId));
    for (const notification of current) {
      if (!behind.has(notification.contactId) && !answer({ productId: null, pinned: [] })) withdraw.push(notification);
    }
  }
  return { pullRequests, issues, improvements, patterns, tell, withdraw };
}

/**
 * An improvement is shipped everywhere when it has issues that are not closed, all resolved, and each
 * runs in a production environment of every product it targets (of some product, if it targets none).
 */
function isShippedEverywhere(
  imp: ImprovementFacts,
  issueById: Map<string, IssueFacts>,
  issueStatus: Map<string, IssueStatus>,
  shippedPrs: (issue: IssueFacts) => PullRequestFacts[],
  inProduction: (place: Place) => boolean,
): boolean {
  const issues = imp.issueIds.flatMap((id) => {
    const issue = issueById.get(id);
    return issue && issueStatus.get(id) !== "closed" ? [issue] : [];
  });
  if (issues.length === 0) return false;
  return issues.every((issue) => {
    if (issueStatus.get(issue.id) !== "resolved") return false;
    const products = new Set(shippedPrs(issue).flatMap((pr) => pr.live.filter(inProduction).map((p) => p.productId)));
    return imp.targetProductIds.every((product) => products.has(product));
  });
}

/**
 * A pattern's fix: per product it must reach, the pull requests that must run there (null: the fix runs
 * nowhere there, a rollback took all of some issue's work back); `anyProduct` when its improvements
 * target no product, so that any one product running it answers a person.
 */
interface Fix {
  products: Map<string, PullRequestFacts[] | null>;
  anyProduct: boolean;
  /** A fix that targets no product and runs nowhere. */
  nowhere: boolean;
}

/**
 * The fix a pattern's people are told of: its improvements completed now and those it was addressed with
 * (fixIds) — one a rollback took back, in progress again, still counts, so that a person is withdrawn
 * only where its work no longer runs for them. Work added since and not done is no part of it.
 */
function fixOf(
  pattern: PatternFacts,
  fixIds: Set<string>,
  graph: TruthGraph,
  improvementStatus: Map<string, ImprovementStatus>,
  issueStatus: Map<string, IssueStatus>,
  prStatus: Map<string, PullRequestStatus>,
  prById: Map<string, PullRequestFacts>,
  shippedPrs: (issue: IssueFacts) => PullRequestFacts[],
  inProduction: (place: Place) => boolean,
): Fix {
  const of = graph.improvements.filter((imp) => {
    const status = improvementStatus.get(imp.id);
    return (
      pattern.improvementIds.includes(imp.id) &&
      (status === "completed" || (fixIds.has(imp.id) && status !== "rejected"))
    );
  });
  const prs: PullRequestFacts[] = [];
  // Products where some issue of the fix runs nowhere: its merged work is shipped nowhere any more.
  const nowhere = new Set<string>();
  let anyNowhere = false;
  for (const imp of of) {
    for (const issue of graph.issues.filter((issue) => imp.issueIds.includes(issue.id))) {
      if (issueStatus.get(issue.id) === "closed") continue;
      const shipped = shippedPrs(issue);
      prs.push(...shipped);
      if (shipped.length > 0) continue;
      // Its merged work runs nowhere: the fix no longer runs in the products built from that work's
      // components — only those: a product none of whose components held it still runs the rest.
      const components = new Set(
        issue.pullRequestIds.flatMap((id) => {
          const pr = prById.get(id);
          return pr && prStatus.get(id) === "merged" ? [pr.componentId] : [];
        }),
      );
      if (components.size === 0) continue;
      for (const product of imp.targetProductIds) {
        if ((graph.productComponents[product] ?? []).some((c) => components.has(c))) nowhere.add(product);
      }
      if (imp.targetProductIds.length === 0) anyNowhere = true;
    }
  }
  let products = [...new Set(of.flatMap((imp) => imp.targetProductIds))];
  const anyProduct = products.length === 0;
  // Improvements that target nothing: the products whose production runs their pull requests.
  if (anyProduct) {
    products = [...new Set(prs.flatMap((pr) => pr.live.filter(inProduction).map((place) => place.productId)))];
  }
  const fix: Fix = { products: new Map(), anyProduct, nowhere: anyNowhere };
  for (const product of products) {
    const components = graph.productComponents[product] ?? [];
    fix.products.set(product, nowhere.has(product) ? null : prs.filter((pr) => components.includes(pr.componentId)));
  }
  return fix;
}

/**
 * The deployment that made a pattern's fix live where a person is: for each product they may run (the
 * one they named, if the fix reaches it, else every product it reaches), one of their environments
 * there runs every pull request of the fix; the latest such deployment answered them. Null: not yet.
 */
function answeringDeployment(
  person: Pick<PersonFacts, "productId" | "pinned">,
  fix: Fix,
  environments: EnvironmentFacts[],
): string | null {
  if (fix.nowhere) return null;
  const named = person.productId && fix.products.has(person.productId);
  const products = named ? [person.productId as string] : [...fix.products.keys()];
  let answer: Place | null = null;
  for (const product of products) {
    const prs = fix.products.get(product);
    if (prs === null) {
      if (fix.anyProduct && !named) continue;
      return null;
    }
    if (prs === undefined || prs.length === 0) continue;
    const candidates = environmentsFor(person, product, environments).flatMap((environment) => {
      const places = prs.map((pr) =>
        pr.live.find((place) => place.productId === product && place.environment === environment),
      );
      return places.every((place) => place !== undefined) ? [places.reduce((a, b) => (b.at > a.at ? b : a))] : [];
    });
    if (candidates.length === 0) {
      // A fix that targets no product answers a person wherever one product runs it for them.
      if (fix.anyProduct && !named) continue;
      return null;
    }
    const first = candidates.reduce((a, b) => (b.at < a.at ? b : a));
    if (fix.anyProduct && !named) {
      if (!answer || first.at < answer.at) answer = first;
    } else if (!answer || first.at > answer.at) {
      answer = first;
    }
  }
  return answer?.deploymentId ?? null;
}

/** Items grouped by a key, in their order. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
