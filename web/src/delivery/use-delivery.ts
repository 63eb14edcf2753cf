import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useProducts } from "../api/catalog";
import { api, unwrap } from "../api/client";
import type { components } from "../api/schema";

export type Deployment = components["schemas"]["Deployment"];
export type Release = components["schemas"]["Release"];
export type Version = components["schemas"]["Version"];
export type Product = components["schemas"]["Product"];
export type Component = components["schemas"]["Component"];
export type Environment = components["schemas"]["Environment"];
export type Notification = components["schemas"]["Notification"];

// An installation has tens of products and environments, not thousands: one page of each is all of them.
// The newest releases are listed; the versions they hold, and what runs somewhere, are read by id.
const many = 200;
// As many ids as one `?ids=` filter takes (src/services/resources.ts idsPerFilter).
const idsPerRead = 100;

/** Every environment (one page holds them): where releases run, and which of them are production. */
export function useEnvironments() {
  return useQuery({
    queryKey: ["environment", "list"],
    queryFn: () => unwrap(api.GET("/environments", { params: { query: { limit: many } } })),
  });
}

/**
 * Everything the model-and-delivery screen shows, in bounded reads however many rows it has: products,
 * components, environments, what runs where, the newest deployments and releases; then the releases
 * running somewhere and their versions, by id (100 a read), however long ago they were made.
 */
export function useDeliveryModel() {
  const products = useProducts();
  const components = useQuery({
    queryKey: ["component", "list"],
    queryFn: () => unwrap(api.GET("/components", { params: { query: { limit: many } } })),
  });
  const environments = useEnvironments();
  const deployments = useQuery({
    queryKey: ["deployment", "list", "recent"],
    queryFn: () => unwrap(api.GET("/deployments", { params: { query: { limit: 500 } } })),
  });
  // What runs where, from the API's deployment truth: however long ago it ran, and never a release
  // rolled back there since (the newest deployments alone cannot tell either).
  const current = useQuery({
    queryKey: ["deployment", "list", "current"],
    queryFn: () => unwrap(api.GET("/deployments", { params: { query: { current: "true", limit: 500 } } })),
  });
  const releases = useQuery({
    queryKey: ["release", "list", "recent"],
    queryFn: () => unwrap(api.GET("/releases", { params: { query: { limit: 500 } } })),
  });
  const running = useRunning(current.data?.items);
  const all = [products, components, environments, deployments, current, releases, ...running.queries];
  return {
    error: all.find((q) => q.error)?.error,
    loading: all.some((q) => q.isPending),
    products: [...(products.data?.values() ?? [])],
    components: components.data?.items ?? [],
    environments: environments.data?.items ?? [],
    deployments: deployments.data?.items ?? [],
    current: currentByPlace(current.data?.items ?? [], running.versions),
    releases: releases.data?.items ?? [],
  };
}

/**
 * The releases the current deployments run and the versions they hold, read by id: the newest pages
 * need not hold a release that has run in production for a year. While the ids change (a deployment
 * elsewhere) the versions read before stay shown, not a loading page.
 */
function useRunning(current: Deployment[] | undefined) {
  const releaseIds = distinct((current ?? []).map((d) => d.releaseId));
  const releases = useQuery({
    queryKey: ["release", "list", { ids: releaseIds }],
    enabled: current !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () =>
      byIds(releaseIds, (ids) => unwrap(api.GET("/releases", { params: { query: { ids, limit: idsPerRead } } }))),
  });
  const versions = useVersions(
    (releases.data ?? []).flatMap((r) => r.versionIds),
    releases.data !== undefined,
  );
  const versionById = new Map((versions.data ?? []).map((v) => [v.id, v]));
  // A release whose versions are not all read yet (the previous read still shown) is not in the map: unread.
  const byRelease = new Map(
    (releases.data ?? [])
      .filter((r) => r.versionIds.every((id) => versionById.has(id)))
      .map((r) => [r.id, r.versionIds.flatMap((id) => versionById.get(id) ?? [])]),
  );
  return { queries: [releases, versions], versions: byRelease };
}

/**
 * The versions these ids name, read by id (100 a request), however old: a release names its versions by
 * id, and the newest versions need not hold those of a release made before hundreds of others. While the
 * ids change the versions read before stay shown.
 */
export function useVersions(versionIds: string[], enabled = true) {
  const ids = distinct(versionIds);
  return useQuery({
    queryKey: ["version", "list", { ids }],
    enabled,
    placeholderData: keepPreviousData,
    queryFn: () =>
      byIds(ids, (chunk) => unwrap(api.GET("/versions", { params: { query: { ids: chunk, limit: idsPerRead } } }))),
  });
}

/** Sorted, each once: the same ids make the same query key in any order. */
const distinct = (ids: string[]) => [...new Set(ids)].sort();

/** Every row these ids name, `idsPerRead` ids a request (what a URL carries), the requests side by side. */
async function byIds<T>(ids: string[], read: (ids: string) => Promise<{ items: T[] }>): Promise<T[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += idsPerRead) chunks.push(ids.slice(i, i + idsPerRead));
  const pages = await Promise.all(chunks.map((chunk) => read(chunk.join(","))));
  return pages.flatMap((page) => page.items);
}

/** What runs in a place: its current deployment and the versions of its release (undefined while unread). */
export interface Running {
  deployment: Deployment;
  versions: Version[] | undefined;
}

/**
 * What runs where: each current deployment (`GET /deployments?current=true`) by `<productId>/<environment>`,
 * with the versions its release holds.
 */
function currentByPlace(deployments: Deployment[], versions: Map<string, Version[]>): Map<string, Running> {
  return new Map(
    deployments.map((d) => [`${d.productId}/${d.environment}`, { deployment: d, versions: versions.get(d.releaseId) }]),
  );
}

/** A deployment, the trace of what it made live and whom it told, and its product (for who may act). */
export function useDeployment(id: string) {
  const deployment = useQuery({
    queryKey: ["deployment", id],
    queryFn: () => unwrap(api.GET("/deployments/{id}", { params: { path: { id } } })),
  });
  // The key starts with "deployment": a snapback's events (a deployment's status) refresh it.
  const trace = useQuery({
    queryKey: ["deployment", id, "trace"],
    queryFn: () => unwrap(api.GET("/trace/{type}/{id}", { params: { path: { type: "deployment", id } } })),
  });
  const productId = deployment.data?.productId;
  const product = useQuery({
    queryKey: ["product", productId],
    enabled: Boolean(productId),
    queryFn: () => unwrap(api.GET("/products/{id}", { params: { path: { id: productId ?? "" } } })),
  });
  return { deployment, trace, product };
}

/** The notifications a deployment queued: whom it told (its newest 500), and whether there were more. */
export function useToldBy(deploymentId: string) {
  return useQuery({
    queryKey: ["notification", "list", { deploymentId }],
    queryFn: () => unwrap(api.GET("/notifications", { params: { query: { deploymentId, limit: 500 } } })),
  });
}

/** Changes a deployment's status (a rollback: success → rolled_back), as `loopwork deploy rollback` does. */
export function useSetDeploymentStatus(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (status: Deployment["status"]) =>
      unwrap(api.PATCH("/deployments/{id}", { params: { path: { id } }, body: { status } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["deployment"] }),
  });
}

/** A release, its product, the versions it holds and its deployments: four reads. */
export function useRelease(id: string) {
  const release = useQuery({
    queryKey: ["release", id],
    queryFn: () => unwrap(api.GET("/releases/{id}", { params: { path: { id } } })),
  });
  const trace = useQuery({
    queryKey: ["release", id, "trace"],
    queryFn: () => unwrap(api.GET("/trace/{type}/{id}", { params: { path: { type: "release", id } } })),
  });
  const deployments = useQuery({
    queryKey: ["deployment", "list", { releaseId: id }],
    queryFn: () => unwrap(api.GET("/deployments", { params: { query: { releaseId: id, limit: 200 } } })),
  });
  return { release, trace, deployments };
}
