import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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
// Versions and releases: the newest 500 cover what runs anywhere now (older ones are linked by id).
const many = 200;

/** Every environment (one page holds them): where releases run, and which of them are production. */
export function useEnvironments() {
  return useQuery({
    queryKey: ["environment", "list"],
    queryFn: () => unwrap(api.GET("/environments", { params: { query: { limit: many } } })),
  });
}

/**
 * Everything the model-and-delivery screen shows, in seven bounded reads however many rows it has:
 * products, components, environments, what runs where, the newest deployments, releases and versions.
 */
export function useDeliveryModel() {
  const products = useQuery({
    queryKey: ["product", "list"],
    queryFn: () => unwrap(api.GET("/products", { params: { query: { limit: many } } })),
  });
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
  const versions = useQuery({
    queryKey: ["version", "list", "recent"],
    queryFn: () => unwrap(api.GET("/versions", { params: { query: { limit: 500 } } })),
  });
  const all = [products, components, environments, deployments, current, releases, versions];
  return {
    error: all.find((q) => q.error)?.error,
    loading: all.some((q) => q.isPending),
    products: products.data?.items ?? [],
    components: components.data?.items ?? [],
    environments: environments.data?.items ?? [],
    deployments: deployments.data?.items ?? [],
    current: currentByPlace(current.data?.items ?? []),
    releases: releases.data?.items ?? [],
    versions: versions.data?.items ?? [],
  };
}

/** What runs where: each current deployment (`GET /deployments?current=true`) by `<productId>/<environment>`. */
function currentByPlace(deployments: Deployment[]): Map<string, Deployment> {
  return new Map(deployments.map((d) => [`${d.productId}/${d.environment}`, d]));
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
