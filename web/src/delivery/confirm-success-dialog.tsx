import { useEffect } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ErrorNote, Loading } from "../ui/states";
import { DeploymentPreview } from "./deployment-preview";
import type { Deployment } from "./use-delivery";
import { usePreviewDeployment } from "./use-delivery-changes";

/**
 * "Mark success" of a deployment to a production environment: what its snapback will do and whom it
 * tells (POST /deployments/preview), then the change on confirmation. A deployment with the pipeline's
 * run id is previewed itself; one without as a new deployment of the same release there, which moves on
 * and tells the same (a deployment not yet succeeded runs nowhere).
 */
export function ConfirmSuccessDialog(props: {
  open: boolean;
  onClose: () => void;
  deployment: Deployment;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="Mark the deployment succeeded" wide>
      <ConfirmSuccess {...props} />
    </Dialog>
  );
}

function ConfirmSuccess({
  deployment: d,
  onClose,
  onConfirm,
  pending,
  error,
}: Parameters<typeof ConfirmSuccessDialog>[0]) {
  const preview = usePreviewDeployment();
  const { mutate } = preview;
  useEffect(() => {
    mutate({
      releaseId: d.releaseId,
      environment: d.environment,
      status: "success",
      externalId: d.externalId ?? undefined,
    });
  }, [mutate, d.releaseId, d.environment, d.externalId]);
  const release = `${d.productSlug} ${d.releaseName}`;
  return (
    <div>
      <h2>
        Mark {release} in {d.environment} succeeded
      </h2>
      <p>Once marked succeeded it runs in {d.environment}, and snapback runs.</p>
      {preview.isPending && <Loading what="Working out what it will do" />}
      {preview.isError && <ErrorNote error={preview.error} />}
      {preview.data && <DeploymentPreview outcome={preview.data} release={release} environment={d.environment} />}
      {error ? <ErrorNote error={error} /> : null}
      <div className="page-actions">
        <Button variant="primary" disabled={!preview.data || pending} onClick={onConfirm}>
          Mark succeeded
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </div>
  );
}
