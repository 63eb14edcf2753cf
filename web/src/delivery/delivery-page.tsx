import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useCurrentLoop } from "../shell/current-loop";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageHeader, Said } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { DeliveryActions } from "./delivery-actions";
import { EditComponentDialog } from "./edit-component-dialog";
import { EditProductDialog } from "./edit-product-dialog";
import { Finished } from "./finished";
import { UnusedComponents } from "./unused-components";
import { type Component, type Product, type Release, useDeliveryModel, useVersions } from "./use-delivery";
import { useDeliveryAccess } from "./use-delivery-changes";

/**
 * The model and delivery: products and the components they are built from, at which version in which
 * environment; the newest releases and deployments per environment. Bounded reads, whatever the row count.
 */
export function DeliveryPage() {
  const model = useDeliveryModel();
  const loopId = useCurrentLoop();
  // What the last action made, said where the keyboard's place is kept (its dialog has closed).
  const [said, setSaid] = useState<string | null>(null);
  // The product or component being edited (its dialog open), from the Edit beside its name.
  const [editing, setEditing] = useState<{ product?: Product; component?: Component } | null>(null);
  const may = useDeliveryAccess();
  if (model.error) return <ErrorNote error={model.error} />;
  if (model.loading) return <Loading what="Loading products and deployments" />;
  const products = model.products.filter((p) => !loopId || p.loopId === loopId);
  const shown = new Set(products.map((p) => p.id));
  const componentById = new Map(model.components.map((c) => [c.id, c]));
  const mayEdit = (component: Component) => may.mayChangeComponent(component, model.products);
  const envsOf = (productId: string) =>
    model.environments.filter((e) => !e.productId || e.productId === productId).map((e) => e.name);
  // The version of a component a product runs in an environment: from the current deployment's release.
  const versionIn = (productId: string, componentId: string, environment: string) => {
    const running = model.current.get(`${productId}/${environment}`);
    if (!running) return undefined;
    return {
      deployment: running.deployment,
      read: running.versions !== undefined,
      version: running.versions?.find((v) => v.componentId === componentId),
    };
  };
  const deployments = model.deployments.filter((d) => shown.has(d.productId));
  const releases = model.releases.filter((r) => shown.has(r.productId));
  const environments = [...new Set(deployments.map((d) => d.environment))].sort();
  return (
    <section>
      <PageHeader title="Delivery">
        <DeliveryActions
          products={model.products}
          components={model.components}
          releases={model.releases}
          environments={model.environments}
          loopId={loopId}
          onMade={setSaid}
        />
      </PageHeader>
      {said && <Said key={said} text={said} />}
      <EditProductDialog
        product={editing?.product ?? null}
        onClose={() => setEditing(null)}
        onMade={setSaid}
        components={model.components}
        products={model.products}
      />
      <EditComponentDialog component={editing?.component ?? null} onClose={() => setEditing(null)} onMade={setSaid} />
      <section className="section" aria-labelledby="model">
        <h2 id="model">Products and their components</h2>
        {products.length === 0 && <p className="muted">No products yet.</p>}
        {products.map((product) => {
          const envs = envsOf(product.id);
          const editColumn = product.componentIds.some((id) => {
            const component = componentById.get(id);
            return component !== undefined && mayEdit(component);
          });
          return (
            <Table key={product.id} aria-label={`${product.name}: components per environment`}>
              {/* Edit beside the product's name and at the end of a component's row, never inside a header
                cell: a header is read out with each cell of its row or column, and is just the name. */}
              <caption className="table-caption">
                {product.name} <span className="muted">({product.slug})</span>
                {may.mayChangeProduct(product) && (
                  <Button
                    className="button-inline"
                    aria-label={`Edit product ${product.name}`}
                    onClick={() => setEditing({ product })}
                  >
                    Edit
                  </Button>
                )}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Component</th>
                  {envs.map((env) => (
                    <th scope="col" key={env}>
                      {env}
                    </th>
                  ))}
                  {editColumn && <td />}
                </tr>
              </thead>
              <tbody>
                {product.componentIds.length === 0 && (
                  <tr>
                    <td className="muted" colSpan={envs.length + 1}>
                      Built from no component yet.
                    </td>
                  </tr>
                )}
                {product.componentIds.map((componentId) => {
                  const component = componentById.get(componentId);
                  return (
                    <tr key={componentId}>
                      <th scope="row">{component?.name ?? componentId}</th>
                      {envs.map((env) => {
                        const running = versionIn(product.id, componentId, env);
                        return (
                          <td key={env}>
                            {!running && <span className="muted">not deployed</span>}
                            {running && (running.version || !running.read) && (
                              <Link to="/deployments/$id" params={{ id: running.deployment.id }}>
                                {running.version?.name ?? running.deployment.releaseName}
                              </Link>
                            )}
                            {/* The release that runs there holds no version of this component: never its name
                              where a version's would be, as if the component ran at "2026.11". */}
                            {running?.read && !running.version && (
                              <span className="muted">
                                no version in{" "}
                                <Link to="/deployments/$id" params={{ id: running.deployment.id }}>
                                  {running.deployment.releaseName}
                                </Link>
                              </span>
                            )}
                          </td>
                        );
                      })}
                      {editColumn && (
                        <td>
                          {component && mayEdit(component) && (
                            <Button
                              className="button-inline"
                              aria-label={`Edit component ${component.name}`}
                              onClick={() => setEditing({ component })}
                            >
                              Edit
                            </Button>
                          )}
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          );
        })}
        <UnusedComponents
          components={model.components.filter((c) => !model.products.some((p) => p.componentIds.includes(c.id)))}
          mayEdit={mayEdit}
          onEdit={(component) => setEditing({ component })}
        />
      </section>
      <section className="section" aria-labelledby="deployments">
        <h2 id="deployments">Deployments per environment</h2>
        {deployments.length === 0 && <p className="muted">No deployments yet.</p>}
        {environments.map((env) => (
          <Table key={env} aria-label={`Deployments to ${env}`}>
            <caption className="visually-hidden">Deployments to {env}</caption>
            <thead>
              <tr>
                <th scope="col">{env}</th>
                <th scope="col">Release</th>
                <th scope="col">Status</th>
                <th scope="col">Finished</th>
              </tr>
            </thead>
            <tbody>
              {deployments
                .filter((d) => d.environment === env)
                .slice(0, 10)
                .map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to="/deployments/$id" params={{ id: d.id }}>
                        {d.productSlug} {d.releaseName}
                      </Link>
                    </td>
                    <td>
                      <Link to="/releases/$id" params={{ id: d.releaseId }}>
                        {d.releaseName}
                      </Link>
                    </td>
                    <td>
                      <Badge status={d.status} />
                    </td>
                    <td>
                      <Finished deployment={d} />
                    </td>
                  </tr>
                ))}
            </tbody>
          </Table>
        ))}
      </section>
      <ReleasesTable releases={releases.slice(0, 50)} products={products} componentById={componentById} />
    </section>
  );
}

/**
 * The newest releases with the versions each holds, those versions read by id: a release made after
 * hundreds of versions of other components still names its own.
 */
function ReleasesTable({
  releases,
  products,
  componentById,
}: {
  releases: Release[];
  products: Product[];
  componentById: Map<string, Component>;
}) {
  const versions = useVersions(releases.flatMap((r) => r.versionIds));
  const versionById = new Map((versions.data ?? []).map((v) => [v.id, v]));
  return (
    <section className="section" aria-labelledby="releases">
      <h2 id="releases">Releases</h2>
      {releases.length === 0 && <p className="muted">No releases yet.</p>}
      {versions.error && <ErrorNote error={versions.error} />}
      {releases.length > 0 && (
        <Table>
          <thead>
            <tr>
              <th scope="col">Release</th>
              <th scope="col">Product</th>
              <th scope="col">Versions</th>
              <th scope="col">Made</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to="/releases/$id" params={{ id: r.id }}>
                    {r.name}
                  </Link>
                </td>
                <td>{products.find((p) => p.id === r.productId)?.name}</td>
                <td>
                  {versions.isPending && r.versionIds.length > 0 && <span className="muted">…</span>}
                  {r.versionIds
                    .map((v) => versionById.get(v))
                    .map((v) => v && `${componentById.get(v.componentId)?.slug ?? "?"}@${v.name}`)
                    .filter(Boolean)
                    .join(", ")}
                </td>
                <td>
                  <When at={r.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
