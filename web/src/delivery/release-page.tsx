import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useProducts } from "../api/catalog";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Loading, PageError, PageHeader } from "../ui/states";
import { When } from "../ui/when";
import { Finished } from "./finished";
import { RecordDeploymentDialog } from "./record-deployment-dialog";
import { useEnvironments, useRelease } from "./use-delivery";
import { useDeliveryAccess } from "./use-delivery-changes";

type TraceNode = { type: string; id: string; title: string; status: string | null };

/** A release: the versions it holds and where it was deployed. */
export function ReleasePage() {
  const { id } = useParams({ from: "/workspace/releases/$id" });
  const { release, trace, deployments } = useRelease(id);
  const products = [...(useProducts().data?.values() ?? [])];
  const environments = useEnvironments();
  const may = useDeliveryAccess();
  const [deploying, setDeploying] = useState(false);
  if (release.error) return <PageError error={release.error} what="release" id={id} />;
  if (!release.data) return <Loading what="Loading the release" />;
  const versions = ((trace.data?.nodes ?? []) as TraceNode[]).filter((n) => n.type === "version");
  const product = products.find((p) => p.id === release.data.productId);
  return (
    <section>
      <PageHeader title={`Release ${release.data.name}`}>
        {product && may.mayRelease(product) && environments.data && (
          <Button variant="primary" onClick={() => setDeploying(true)}>
            Record a deployment
          </Button>
        )}
      </PageHeader>
      <RecordDeploymentDialog
        open={deploying}
        onClose={() => setDeploying(false)}
        releases={[release.data]}
        products={products}
        environments={environments.data?.items ?? []}
        releaseId={release.data.id}
      />
      <dl className="facts">
        <dt>Product</dt>
        <dd>{product ? `${product.name} (${product.slug})` : release.data.productId}</dd>
        <dt>Made</dt>
        <dd>
          <When at={release.data.createdAt} />
        </dd>
      </dl>
      <section className="section" aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        {!trace.data && <Loading />}
        <ul>
          {versions.map((v) => (
            <li key={v.id}>
              <Link to="/trace/$type/$id" params={{ type: "version", id: v.id }}>
                {v.title}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="section" aria-labelledby="where">
        <h2 id="where">Where it was deployed</h2>
        {deployments.data?.items.length === 0 && <p className="muted">Not deployed yet.</p>}
        <ul>
          {deployments.data?.items.map((d) => (
            <li key={d.id}>
              <Link to="/deployments/$id" params={{ id: d.id }}>
                {d.environment}
              </Link>{" "}
              <Badge status={d.status} /> <Finished deployment={d} />
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}
