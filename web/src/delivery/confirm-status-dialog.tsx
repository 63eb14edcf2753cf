import { useEffect } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ErrorNote, Loading } from "../ui/states";
import { DeploymentPreview } from "./deployment-preview";
import type { Deployment } from "./use-delivery";
import { usePreviewStatus } from "./use-delivery-changes";

const words = {
  success: { label: "Mark the deployment succeeded", act: "Mark succeeded", says: "runs there, and snapback runs" },
  rolled_back: {
    label: "Roll the deployment back",
    act: "Roll back",
    says: "no longer runs there, and what only it made live is taken back",
  },
} as const;

/**
 * "Mark success" or "Roll back" of a deployment, anywhere (outside production, snapback tells the people
 * pinned to that environment, and a rollback takes back what they were to hear): what it will
 * do — snapback, or the rollback's taking back — and whom it tells (POST /deployments/:id/preview), then
 * the change on confirmation.
 */
export function ConfirmStatusDialog(props: {
  status: "success" | "rolled_back" | null;
  onClose: () => void;
  deployment: Deployment;
  onConfirm: (status: "success" | "rolled_back") => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Dialog open={props.status !== null} onClose={props.onClose} label={words[props.status ?? "success"].label} wide>
      {props.status && <ConfirmStatus {...props} status={props.status} />}
    </Dialog>
  );
}

function ConfirmStatus({
  deployment: d,
  status,
  onClose,
  onConfirm,
  pending,
  error,
}: Parameters<typeof ConfirmStatusDialog>[0] & { status: "success" | "rolled_back" }) {
  const preview = usePreviewStatus(d.id);
  const { mutate } = preview;
  useEffect(() => mutate(status), [mutate, status]);
  const release = `${d.productSlug} ${d.releaseName}`;
  return (
    <div>
      <h2>
        {words[status].act}: {release} in {d.environment}
      </h2>
      <p>
        Once {status === "success" ? "marked succeeded" : "rolled back"}, it {words[status].says}.
      </p>
      {preview.isPending && <Loading what="Working out what it will do" />}
      {/* Never done without seeing what it will do, anywhere: a staging rollback takes back what people pinned
        there were told. A preview that could not be read is tried again on asking, not given up on. */}
      {preview.isError && (
        <>
          <ErrorNote error={preview.error} />
          <Button onClick={() => mutate(status)}>Try again</Button>
        </>
      )}
      {preview.data && <DeploymentPreview outcome={preview.data} release={release} environment={d.environment} />}
      {error ? <ErrorNote error={error} /> : null}
      <div className="page-actions">
        <Button
          variant={status === "success" ? "primary" : "danger"}
          disabled={!preview.data || pending}
          onClick={() => onConfirm(status)}
        >
          {words[status].act}
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </div>
  );
}
