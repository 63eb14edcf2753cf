import { useParams } from "@tanstack/react-router";
import { type EntityType, entityWords } from "../ui/entity";
import { ErrorNote, isNotFound, Loading, PageError, PageHeader } from "../ui/states";
import { TraceGraph } from "./trace-graph";
import { TraceLists } from "./trace-lists";
import { isTraceable, type Traceable, useTrace } from "./use-trace";

/** The chain through one entity, both ways: drawn as a graph, then listed by type with times. */
export function EntityTracePage() {
  const { type, id } = useParams({ strict: false }) as { type: string; id: string };
  if (!isTraceable(type)) {
    return (
      <section>
        <PageHeader title="Trace" />
        <p role="alert">
          A trace starts from a signal, pattern, improvement, issue, pull request, version, release or deployment.
        </p>
      </section>
    );
  }
  return <TraceOf type={type} id={id} />;
}

function TraceOf({ type, id }: { type: Traceable; id: string }) {
  const trace = useTrace(type, id);
  const root = trace.data?.nodes.find((n) => n.id === id);
  const what = entityWords[type as EntityType].toLowerCase();
  // What the trace would start from does not exist: the detail pages' not-found state, not a trace's error.
  if (trace.isError && isNotFound(trace.error)) return <PageError error={trace.error} what={what} id={id} />;
  return (
    <section>
      <PageHeader title={`Trace of ${what}${root ? ` “${root.title}”` : ""}`} />
      {trace.isPending ? (
        <Loading what="Tracing" />
      ) : trace.isError ? (
        <ErrorNote error={trace.error} />
      ) : (
        <>
          <TraceGraph trace={trace.data} />
          <TraceLists trace={trace.data} />
        </>
      )}
    </section>
  );
}
