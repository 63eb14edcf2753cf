import { Link, useParams } from "@tanstack/react-router";
import { Badge } from "../ui/badge";
import { Loading, PageError, PageHeader } from "../ui/states";
import { When } from "../ui/when";
import { Finished } from "./finished";
import { useRelease } from "./use-delivery";

type TraceNode = { type: string; id: string; title: string; status: string | null };

/** A release: the versions it holds and where it was deployed. */
export function ReleasePage() {
  const { id } = useParams({ from: "/workspace/releases/$id" });
  const { release, trace, deployments } = useRelease(id);
  if (release.error) return <PageError error={release.error} what="release" id={id} />;
  if (!release.data) return <Loading what="Loading the release" />;
  const versions = ((trace.data?.nodes ?? []) as TraceNode[]).filter((n) => n.type === "version");
  return (
    <section>
      <PageHeader title={`Release ${release.data.name}`} />
      <dl className="facts">
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
