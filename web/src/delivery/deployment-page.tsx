import { Link, useParams } from "@tanstack/react-router";
import { useState } from "react";
import { useAccess } from "../api/session";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageError, PageHeader } from "../ui/states";
import { When } from "../ui/when";
import { ConfirmStatusDialog } from "./confirm-status-dialog";
import { Finished } from "./finished";
import { SnapbackDidSection } from "./snapback-did";
import { SnapbackSteps, type StepRow, snapbackSteps, type TraceNode } from "./snapback-steps";
import { useDeployment, useEnvironments, useSetDeploymentStatus, useToldBy } from "./use-delivery";
import { type SnapbackDid, useDeploymentSnapback } from "./use-deployment-snapback";
import { WhoWasTold } from "./who-was-told";

// What a release holds, by snapback's steps (snapback-steps.tsx). The trace gives each one's status now,
// not which deployment moved it there: a later deployment of a release holding the same fix finds it
// completed already. So these counts say what the release holds; shown when this deployment's snapback
// has not run (or was rolled back). When it ran, "What this deployment's snapback did" (snapback-did.tsx)
// says what it moved itself, from its events.
function holdsRows(nodes: TraceNode[]): StepRow[] {
  return snapbackSteps.map((step) => {
    const items = nodes.filter((n) => n.type === step.type);
    return { step, count: items.filter((n) => !step.reached || n.status === step.reached).length, items };
  });
}

/**
 * Which section says what a deployment moved on: what its own snapback did, what its release holds, or
 * "unknown" while what decides it (its environment, its snapback's events) is loading or cannot be read.
 * Snapback runs when a deployment succeeds; outside production it moves on only what people pinned to
 * that environment get, so a quiet non-production deployment shows what its release holds.
 * `production` is null when the environments were read but this one is not among them.
 */
function snapbackSection(
  succeeded: boolean,
  production: boolean | null | undefined,
  moved: boolean | undefined,
): "did" | "holds" | "unknown" {
  if (!succeeded) return "holds";
  if (production === true || moved === true) return "did";
  if (production !== undefined && moved === false) return "holds";
  return "unknown";
}

/** Whether a snapback moved anything on or told anyone: undefined while that is not known yet. */
function movedAnything(did: SnapbackDid | undefined, told: number | undefined): boolean | undefined {
  if ((did && snapbackSteps.some((step) => did[step.did].length > 0)) || (told ?? 0) > 0) return true;
  return did && told !== undefined ? false : undefined;
}

/** A deployment: what its release holds, whom it told, and its rollback state (live: the stream refreshes it). */
export function DeploymentPage() {
  const { id } = useParams({ from: "/workspace/deployments/$id" });
  const { deployment, trace, product } = useDeployment(id);
  const told = useToldBy(id);
  const environments = useEnvironments();
  const succeeded = deployment.data?.status === "success";
  const snapback = useDeploymentSnapback(id, succeeded);
  const access = useAccess();
  const setStatus = useSetDeploymentStatus(id);
  // Success tells people (in production, and those pinned to any other environment), and a rollback anywhere
  // takes back what it made live: what it will do is shown first (confirm-status-dialog).
  const [confirming, setConfirming] = useState<"success" | "rolled_back" | null>(null);
  if (deployment.error) return <PageError error={deployment.error} what="deployment" id={id} />;
  if (!deployment.data) return <Loading what="Loading the deployment" />;
  const d = deployment.data;
  const production = environments.data
    ? (environments.data.items.find((e) => e.name === d.environment)?.production ?? null)
    : undefined;
  const shown = snapbackSection(succeeded, production, movedAnything(snapback.data, told.data?.items.length));
  const unread = environments.error ?? snapback.error ?? told.error;
  const notRun =
    d.status === "rolled_back"
      ? "This deployment was rolled back, so what its snapback did was taken back: here is where what its release holds stands now."
      : succeeded
        ? production === false
          ? `${d.environment} is not a production environment: this deployment's snapback released nothing and moved nothing on.`
          : null
        : `Its snapback has not run: that happens when a deployment succeeds, and this one is ${d.status.replace("_", " ")}.`;
  const nodes = (trace.data?.nodes ?? []) as TraceNode[];
  const mayAct = product.data ? access.canChange(product.data.loopId) : false;
  const next = { pending: "running", running: "success" } as const;
  return (
    <section>
      <PageHeader title={`Deployment of ${d.productSlug} ${d.releaseName} to ${d.environment}`}>
        {mayAct && (d.status === "pending" || d.status === "running") && (
          <Button
            disabled={setStatus.isPending}
            onClick={() =>
              // Success runs snapback — in production, and for the people pinned to any other environment:
              // first what it will do, and whom it tells.
              d.status === "running" ? setConfirming("success") : setStatus.mutate(next[d.status as "pending"])
            }
          >
            Mark {next[d.status as "pending"]}
          </Button>
        )}
        {mayAct && (d.status === "pending" || d.status === "running") && (
          <Button variant="danger" disabled={setStatus.isPending} onClick={() => setStatus.mutate("failed")}>
            Mark failed
          </Button>
        )}
        {mayAct && d.status === "success" && (
          <Button variant="danger" disabled={setStatus.isPending} onClick={() => setConfirming("rolled_back")}>
            Roll back
          </Button>
        )}
      </PageHeader>
      {setStatus.error && !confirming && <ErrorNote error={setStatus.error} />}
      <ConfirmStatusDialog
        status={confirming}
        onClose={() => setConfirming(null)}
        deployment={d}
        pending={setStatus.isPending}
        error={setStatus.error}
        onConfirm={(status) => setStatus.mutate(status, { onSuccess: () => setConfirming(null) })}
      />
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <Badge status={d.status} />
        </dd>
        <dt>Product</dt>
        {/* By its name, as the release's page and the home say it (the slug too, as the heading has it). */}
        <dd>{product.data ? `${product.data.name} (${d.productSlug})` : d.productSlug}</dd>
        <dt>Release</dt>
        <dd>
          <Link to="/releases/$id" params={{ id: d.releaseId }}>
            {d.releaseName}
          </Link>
        </dd>
        <dt>Environment</dt>
        <dd>{d.environment}</dd>
        <dt>Started</dt>
        <dd>
          <When at={d.startedAt} />
        </dd>
        <dt>Finished</dt>
        <dd>
          <Finished deployment={d} />
        </dd>
        {d.externalId && (
          <>
            <dt>Pipeline run id</dt>
            <dd>{d.externalId}</dd>
          </>
        )}
      </dl>
      {d.status === "rolled_back" && (
        <p className="error-note" role="status">
          Rolled back <When at={d.rolledBackAt} />: what only this deployment made live was taken back — patterns
          reopened, notifications not yet sent were cancelled, and people already told heard once that it was rolled
          back.
        </p>
      )}
      {shown === "did" && (
        <SnapbackDidSection did={snapback.data} told={told.data} error={snapback.error} nodes={nodes} />
      )}
      {shown === "unknown" &&
        (unread ? (
          <SnapbackDidSection did={undefined} told={undefined} error={unread} nodes={nodes} />
        ) : (
          <Loading what="Loading what this deployment's snapback did" />
        ))}
      {shown === "holds" && (
        <section className="section" aria-labelledby="holds">
          <h2 id="holds">What this release holds</h2>
          {notRun && <p role="status">{notRun}</p>}
          <p className="muted">
            Where each stands now: the first deployment that ran it in production moved it on, maybe an earlier one than
            this. Whom this deployment told is below.
          </p>
          {trace.error && <ErrorNote error={trace.error} />}
          {!trace.data && !trace.error && <Loading what="Loading what the release holds" />}
          {trace.data && (
            <>
              <SnapbackSteps rows={holdsRows(nodes)} />
              {trace.data.truncated.length > 0 && (
                <p className="muted">More {trace.data.truncated.join(", ")} than shown: the trace lists the first.</p>
              )}
            </>
          )}
        </section>
      )}
      <section className="section" aria-labelledby="told">
        <h2 id="told">Who was told</h2>
        {/* The CLI's "notifications queued" counts what a snapback made: a reader comparing the two must see why they may differ. */}
        <p className="muted">
          The people this deployment made the fix live for, where they are. A fix for several products is told when the
          last of them ships it: that deployment's snapback queues the notification, counted here.
        </p>
        {told.error && <ErrorNote error={told.error} />}
        {told.data ? <WhoWasTold notifications={told.data.items} /> : !told.error && <Loading />}
      </section>
    </section>
  );
}
