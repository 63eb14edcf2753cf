import { useMutation, useQueries, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { type componentChanges, componentsAfter, type productChanges } from "./edit-changes";
import type { Component, Product } from "./use-delivery";

/** What recording a deployment answers, and its preview: the deployment and what its snapback did (or would). */
export type DeploymentOutcome = Awaited<ReturnType<typeof previewDeployment>>;

/** A deployment as the form gives it (POST /deployments and its preview take the same body). */
export interface DeploymentInput {
  releaseId: string;
  environment: string;
  status: "pending" | "running" | "success" | "failed";
  externalId?: string;
}

/**
 * Who may make what in delivery, the API's rules (src/services/resources.ts, src/http/authorize.ts): a
 * product, an owner of its loop; a component, a builder of any loop; a version, a builder of a loop whose
 * product is built from the component (any builder when none is); a release and its deployments, a
 * builder of the product's loop. Changing a product or a component is who may make the one, version the other.
 */
export function useDeliveryAccess() {
  const access = useAccess();
  const mayVersion = (component: Component, products: Product[]) => {
    const loops = products.filter((p) => p.componentIds.includes(component.id)).map((p) => p.loopId);
    return loops.length === 0 ? access.canChange() : loops.some((loopId) => access.canChange(loopId));
  };
  return {
    mayMakeProduct: (loopId?: string | null) => access.canManage(loopId),
    mayMakeComponent: () => access.canChange(),
    mayVersion,
    mayRelease: (product: Product) => access.canChange(product.loopId),
    /** A product's name, description and components: an owner of its loop, as making one. */
    mayChangeProduct: (product: Product) => access.canManage(product.loopId),
    /** A component's name and repository: who may version it (a builder where it is used, any when unused). */
    mayChangeComponent: mayVersion,
  };
}

/** A write that refreshes the lists of the entity types it names, then hands its answer on. */
function useWrite<Input, Output>(types: string[], run: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => Promise.all(types.map((type) => queryClient.invalidateQueries({ queryKey: [type] }))),
  });
}

/** POST /products: a product of a loop, built from components (an owner of the loop). */
export const useCreateProduct = () =>
  useWrite(["product", "component"], (body: { loopId: string; slug: string; name: string; componentIds: string[] }) =>
    unwrap(api.POST("/products", { body })),
  );

/** POST /components: a component products are built from (a builder). */
export const useCreateComponent = () =>
  useWrite(["component"], (body: { slug: string; name: string; repositoryUrl?: string }) =>
    unwrap(api.POST("/components", { body })),
  );

/** PATCH /products/:id: the product is built from one more component (an owner of its loop). */
export const useAddComponent = () =>
  useWrite(["product", "component"], ({ product, componentId }: { product: Product; componentId: string }) =>
    unwrap(
      api.PATCH("/products/{id}", {
        params: { path: { id: product.id } },
        body: { componentIds: [...new Set([...product.componentIds, componentId])] },
      }),
    ),
  );

/**
 * PATCH /products/:id: what an edit changed of a product (an owner of its loop). The components, when ticked
 * or unticked, are applied to the product as it is now (read again first), not to the dialog's copy:
 * a component someone added meanwhile stays.
 */
export const useUpdateProduct = () =>
  useWrite(
    ["product", "component"],
    async ({ id, adding, removing, ...body }: { id: string } & ReturnType<typeof productChanges>) => {
      const ticked = adding.length > 0 || removing.length > 0;
      const now = ticked ? await unwrap(api.GET("/products/{id}", { params: { path: { id } } })) : null;
      const componentIds = now ? componentsAfter(now.componentIds, adding, removing) : undefined;
      return unwrap(api.PATCH("/products/{id}", { params: { path: { id } }, body: { ...body, componentIds } }));
    },
  );

/** PATCH /components/:id: what an edit changed of a component, its name or repository (null: none); its slug stays. */
export const useUpdateComponent = () =>
  useWrite(["component"], ({ id, ...body }: { id: string } & ReturnType<typeof componentChanges>) =>
    unwrap(api.PATCH("/components/{id}", { params: { path: { id } }, body })),
  );

/** POST /versions: a version of a component, taking every merged pull request not in a version yet. */
export const useCreateVersion = () =>
  useWrite(["version", "pull_request"], (body: { componentId: string; name: string }) =>
    unwrap(api.POST("/versions", { body })),
  );

/** POST /releases: a release of a product holding exactly these versions. */
export const useCreateRelease = () =>
  useWrite(["release"], (body: { productId: string; name: string; versionIds: string[] }) =>
    unwrap(api.POST("/releases", { body })),
  );

/** POST /deployments: records it; success in production runs snapback. */
export const useRecordDeployment = () =>
  useWrite(["deployment", "release", "version", "notification"], (body: DeploymentInput) =>
    unwrap(api.POST("/deployments", { body })),
  );

function previewDeployment(body: DeploymentInput) {
  return unwrap(api.POST("/deployments/preview", { body }));
}

/** POST /deployments/preview: what recording it would do, recording nothing (`loopwork deploy --preview`). */
export const usePreviewDeployment = () => useMutation({ mutationFn: previewDeployment });

/** POST /deployments/:id/preview: what a recorded deployment's new status would do, changing nothing. */
export const usePreviewStatus = (id: string) =>
  useMutation({
    mutationFn: (status: "success" | "rolled_back") =>
      unwrap(api.POST("/deployments/{id}/preview", { params: { path: { id } }, body: { status } })),
  });

/** The newest versions (50 each, newest first) of each of these components: what a release may hold. */
export function useVersionsOf(componentIds: string[]) {
  return useQueries({
    queries: componentIds.map((componentId) => ({
      queryKey: ["version", "list", { componentId }],
      queryFn: () => unwrap(api.GET("/versions", { params: { query: { componentId, limit: 50 } } })),
    })),
    combine: (answers) => ({
      error: answers.find((a) => a.error)?.error ?? null,
      byComponent: new Map(componentIds.map((id, i) => [id, answers[i]?.data?.items])),
    }),
  });
}
