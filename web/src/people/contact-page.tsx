import { Link, useParams } from "@tanstack/react-router";
import type { components } from "../api/schema";
import { useAccess } from "../api/session";
import { WhoWasTold } from "../delivery/who-was-told";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ErrorNote, Loading, PageError, PageHeader } from "../ui/states";
import { When } from "../ui/when";
import { useContact, useDeploymentsById, useSendCustomerLink } from "./use-people";

type CustomerLinkSent = components["schemas"]["CustomerLinkSent"];

/** A person: their signals, what shipped for them, what they were asked and what they answered. */
export function ContactPage() {
  const { id } = useParams({ from: "/workspace/people/$id" });
  const { contact, signals, notifications } = useContact(id);
  const sendLink = useSendCustomerLink();
  const mayChange = useAccess().canChange();
  if (contact.error) return <PageError error={contact.error} what="person" id={id} />;
  if (!contact.data) return <Loading what="Loading the person" />;
  const c = contact.data;
  const told = notifications.data?.items ?? [];
  // Shipped for them: a notification queued by a deployment and not taken back by a rollback.
  const shipped = told.filter((n) => n.deploymentId && !n.withdrawnAt && n.status !== "cancelled");
  const asked = told.filter((n) => n.status === "sent");
  const answered = told.filter((n) => n.answer);
  return (
    <section>
      <PageHeader title={c.name}>
        {mayChange && c.email && (
          <Button onClick={() => sendLink.mutate(c.id)}>Email them a link to their own view</Button>
        )}
      </PageHeader>
      {sendLink.error && <ErrorNote error={sendLink.error} />}
      <p role="status" className="muted" hidden={!sendLink.data}>
        {sendLink.data && <LinkSent sent={sendLink.data} />}
      </p>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{c.email ?? "—"}</dd>
        <dt>Account</dt>
        <dd>{c.account ?? "—"}</dd>
        <dt>Environments</dt>
        <dd>{c.environments.length ? c.environments.join(", ") : "where their product runs in production"}</dd>
      </dl>
      <ul className="counts" aria-label="In numbers">
        <li>
          <strong>{signals.data?.items.length ?? "…"}</strong> signals
        </li>
        <li>
          <strong>{shipped.length}</strong> fixes shipped for them
        </li>
        <li>
          <strong>{asked.length}</strong> asked "does it work now?"
        </li>
        <li>
          <strong>{answered.length}</strong> answered
        </li>
      </ul>
      <section className="section" aria-labelledby="signals">
        <h2 id="signals">Their signals</h2>
        {signals.error && <ErrorNote error={signals.error} />}
        {!signals.data && !signals.error && <Loading />}
        {signals.data?.items.length === 0 && <p className="muted">No signals.</p>}
        <ul>
          {signals.data?.items.map((s) => (
            <li key={s.id}>
              <Link to="/signals/$id" params={{ id: s.id }}>
                {s.title}
              </Link>{" "}
              <Badge status={s.urgency} /> <When at={s.receivedAt} />
              {s.productVersion && <span className="muted"> · runs {s.productVersion}</span>}
            </li>
          ))}
        </ul>
      </section>
      <section className="section" aria-labelledby="told">
        <h2 id="told">What shipped for them, what they were asked and answered</h2>
        {notifications.error && <ErrorNote error={notifications.error} />}
        {notifications.data && <WhoWasTold notifications={told} showPerson={false} />}
        {shipped.some((n) => n.deploymentId) && (
          <MadeLiveBy deploymentIds={[...new Set(shipped.map((n) => n.deploymentId as string))]} />
        )}
      </section>
    </section>
  );
}

/** What sending a person their link did: an email on its way, or the one that went a moment ago. */
function LinkSent({ sent }: { sent: CustomerLinkSent }) {
  if (sent.status === "queued") {
    return `A link to their own view is on its way to ${sent.email}: what became of what they told you, good for 30 days (the Outbox shows it; one such email every 10 minutes at most).`;
  }
  return (
    <>
      A link to their own view went to {sent.email} at <When at={sent.queuedAt} />: one such email every 10 minutes at
      most, so no other was sent (the Outbox shows it).
    </>
  );
}

/** The deployments that made fixes live for a person, each named by its product, release and environment. */
function MadeLiveBy({ deploymentIds }: { deploymentIds: string[] }) {
  const deployments = useDeploymentsById(deploymentIds);
  return (
    <p>
      Made live for them by{" "}
      {deploymentIds.map((id, i) => {
        const d = deployments[i]?.data;
        return (
          <span key={id}>
            {i > 0 && ", "}
            <Link to="/deployments/$id" params={{ id }}>
              {d ? `${d.productSlug} ${d.releaseName} to ${d.environment}` : "a deployment"}
            </Link>
          </span>
        );
      })}
      .
    </p>
  );
}
