import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, SelectField } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { DeploymentPreview } from "./deployment-preview";
import type { Environment, Product, Release } from "./use-delivery";
import {
  type DeploymentInput,
  useDeliveryAccess,
  usePreviewDeployment,
  useRecordDeployment,
} from "./use-delivery-changes";

const statuses = [
  ["success", "Succeeded: it runs there now"],
  ["running", "Running"],
  ["pending", "Pending"],
  ["failed", "Failed"],
] as const;

/**
 * "Record a deployment": a release, where it was deployed, how it went and, if a pipeline ran it, its run id
 * (externalId: the same run reported again changes that deployment), as `loopwork deploy` records it. A
 * success first shows what it will do (POST /deployments/preview: snapback, and whom it tells — outside
 * production, the people pinned to that environment), then records on confirmation; then the deployment's page.
 */
export function RecordDeploymentDialog(props: {
  open: boolean;
  onClose: () => void;
  releases: Release[];
  products: Product[];
  environments: Environment[];
  releaseId?: string;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="Record a deployment" wide>
      <RecordDeploymentForm {...props} />
    </Dialog>
  );
}

function RecordDeploymentForm({
  onClose,
  releases,
  products,
  environments,
  releaseId,
}: Parameters<typeof RecordDeploymentDialog>[0]) {
  const may = useDeliveryAccess();
  const productOf = (r: Release) => products.find((p) => p.id === r.productId);
  const usable = releases.filter((r) => {
    const product = productOf(r);
    return product !== undefined && may.mayRelease(product);
  });
  const [input, setInput] = useState<DeploymentInput>({
    releaseId: releaseId ?? usable[0]?.id ?? "",
    environment: "",
    status: "success",
  });
  const [previewing, setPreviewing] = useState(false);
  const release = usable.find((r) => r.id === input.releaseId);
  const product = release && productOf(release);
  const serving = environments.filter((e) => !e.productId || e.productId === release?.productId);
  const environment = serving.find((e) => e.name === input.environment) ?? serving[0];
  const chosen = { ...input, environment: environment?.name ?? "", externalId: input.externalId?.trim() || undefined };
  // Snapback runs on every success: in production for everyone, elsewhere for the people pinned there.
  const runsSnapback = environment !== undefined && input.status === "success";
  const preview = usePreviewDeployment();
  const record = useRecordDeployment();
  const navigate = useNavigate();
  const releaseName = release && product ? `${product.slug} ${release.name}` : "";
  const save = () =>
    record.mutate(chosen, {
      onSuccess: (made) => {
        onClose();
        navigate({ to: "/deployments/$id", params: { id: made.deployment.id } });
      },
    });
  if (previewing) {
    return (
      <div>
        <h2>
          Deploy {releaseName} to {chosen.environment}
        </h2>
        <p>
          {environment?.production
            ? "It succeeded in a production environment, where people are: snapback runs."
            : `It succeeded in ${chosen.environment}, which is not a production environment: snapback tells only the people pinned to it.`}
        </p>
        {preview.isPending && <Loading what="Working out what it will do" />}
        {/* As in Mark succeeded: a preview that could not be read is tried again on asking. */}
        {preview.isError && (
          <>
            <ErrorNote error={preview.error} />
            <Button onClick={() => preview.mutate(chosen)}>Try again</Button>
          </>
        )}
        {preview.data && (
          <DeploymentPreview outcome={preview.data} release={releaseName} environment={chosen.environment} />
        )}
        {record.isError && <ErrorNote error={record.error} />}
        <div className="page-actions">
          <Button variant="primary" disabled={!preview.data || record.isPending} onClick={save}>
            Record the deployment
          </Button>
          <Button onClick={() => setPreviewing(false)}>Back</Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </div>
    );
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!runsSnapback) return save();
        // Success: what snapback will do, and whom it tells, before it does.
        preview.mutate(chosen);
        setPreviewing(true);
      }}
    >
      <h2>Record a deployment</h2>
      <SelectField
        label="Release"
        value={input.releaseId}
        disabled={releaseId !== undefined}
        onChange={(e) => setInput({ ...input, releaseId: e.target.value })}
      >
        {usable.map((r) => (
          <option key={r.id} value={r.id}>
            {productOf(r)?.slug} {r.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Environment"
        value={chosen.environment}
        hint={
          serving.length === 0
            ? "No environment serves this product: an administrator makes one in Settings › Environments."
            : undefined
        }
        onChange={(e) => setInput({ ...input, environment: e.target.value })}
      >
        {serving.map((e) => (
          <option key={e.name} value={e.name}>
            {e.name}
            {e.production ? " (production)" : ""}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="How it went"
        value={input.status}
        onChange={(e) => setInput({ ...input, status: e.target.value as DeploymentInput["status"] })}
      >
        {statuses.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </SelectField>
      <Field
        label="Pipeline run id (optional)"
        maxLength={200}
        placeholder="e.g. your CI's run number"
        hint="The run that deployed it, as loopwork deploy --external-id takes it: reporting the same run again changes this deployment, never makes another."
        value={input.externalId ?? ""}
        onChange={(e) => setInput({ ...input, externalId: e.target.value })}
      />
      {record.isError && <ErrorNote error={record.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!release || !environment || record.isPending}>
          {runsSnapback ? "See what it will do" : "Record the deployment"}
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
