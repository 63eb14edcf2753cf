import { useQueries } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";
import { EntityLink } from "../ui/entity";
import { countOf } from "../ui/format";
import type { DeploymentOutcome } from "./use-delivery-changes";

const people = (n: number) => (n === 1 ? "1 person" : `${n} people`);

/** The patterns a preview names, by title once read (a few: those one deployment addresses or reopens). */
function usePatternTitles(ids: string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ["pattern", id],
      queryFn: () => unwrap(api.GET("/patterns/{id}", { params: { path: { id } } })),
    })),
    combine: (answers) => new Map(ids.map((id, i) => [id, answers[i]?.data?.title])),
  });
}

/**
 * What recording a deployment, or a deployment's new status, would do, as its preview answered
 * (POST /deployments/preview, /deployments/:id/preview): snapback's steps, the patterns it addresses and
 * how many people it tells; for a rollback, what it takes back and who hears so.
 */
export function DeploymentPreview({
  outcome,
  release,
  environment,
}: {
  outcome: DeploymentOutcome;
  /** The release as people name it: "web 2026.11". */
  release: string;
  environment: string;
}) {
  const s = outcome.snapback;
  const titles = usePatternTitles([...s.patternsAddressed, ...s.patternsReopened]);
  if (s.replay) {
    return (
      <p role="status">
        It is recorded already as {outcome.deployment.status.replace("_", " ")}: recording it again changes nothing.
      </p>
    );
  }
  const forward = [
    ["Versions released", s.versionsReleased],
    ["Pull requests shipped", s.pullRequestsShipped],
    ["Issues resolved", s.issuesResolved],
    ["Improvements completed", s.improvementsCompleted.length],
    ["Patterns addressed", s.patternsAddressed.length],
    ["People told", s.notificationsQueued],
  ] as const;
  const back = [
    ["Pull requests unshipped", s.pullRequestsUnshipped],
    ["Patterns reopened", s.patternsReopened.length],
    ["Notifications cancelled", s.notificationsCancelled],
    ["Told it was rolled back", s.followUpsQueued],
  ] as const;
  const nothing = [...forward, ...back].every(([, n]) => n === 0);
  const rollback = outcome.deployment.status === "rolled_back";
  // A rollback's own counts, all of them; a deployment's, and what it takes back from a newer release it replaces.
  const rows = rollback ? back : [...forward, ...back.filter(([, n]) => n > 0)];
  return (
    <section className="section" aria-labelledby="preview-heading">
      <h3 id="preview-heading">{rollback ? "What rolling it back will do" : "What recording it will do"}</h3>
      {nothing && rollback && (
        <p role="status">
          Nothing changes where people are: this deployment made nothing live in {environment} that anyone was told of
          or waits for, so rolling it back takes nothing back and tells nobody.
        </p>
      )}
      {nothing && !rollback && (
        <p role="status">
          Nothing changes where people are: what {release} holds runs in {environment} already, or it makes nothing live
          there that anyone waits for. Snapback tells nobody.
        </p>
      )}
      {!nothing && (
        <>
          <ul className="counts">
            {rows.map(([label, n]) => (
              <li key={label}>
                <strong>{n}</strong> {label}
              </li>
            ))}
          </ul>
          <p role="status">
            {rollback
              ? `What only this deployment made live is taken back: ${countOf(s.patternsReopened.length, "pattern")} ${s.patternsReopened.length === 1 ? "reopens" : "reopen"}, ${countOf(s.notificationsCancelled, "notification")} not sent yet ${s.notificationsCancelled === 1 ? "is" : "are"} cancelled.`
              : s.notificationsQueued > 0
                ? `Snapback will tell ${people(s.notificationsQueued)}${s.notificationsQueued === 1 ? "" : ", each once,"} in the thread of their own report that their fix is live in ${release} (${environment}), and ask whether it works for them now.`
                : "Snapback will tell nobody: no one is waiting to hear about what it addresses."}
            {s.followUpsQueued > 0 &&
              ` ${people(s.followUpsQueued)} told before will hear once that it was rolled back.`}
          </p>
          {s.patternsAddressed.length + s.patternsReopened.length > 0 && (
            <ul>
              {[...s.patternsAddressed, ...s.patternsReopened].map((id) => (
                <li key={id}>
                  <EntityLink type="pattern" id={id}>
                    {titles.get(id) ?? "a pattern"}
                  </EntityLink>{" "}
                  <span className="muted">{s.patternsAddressed.includes(id) ? "addressed" : "reopened"}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
