import { useParams } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import { useProducts } from "../api/catalog";
import { useAccess } from "../api/session";
import { TraceGraph } from "../trace/trace-graph";
import { field, type Row, useTrace } from "../trace/use-trace";
import { Button } from "../ui/button";
import { EntityLink, StatusBadge, When } from "../ui/entity";
import { Markdown } from "../ui/markdown";
import { ErrorNote, Loading, PageError, PageHeader } from "../ui/states";
import { useComponents } from "../ui/use-names";
import "./improvements.css";
import { MarkdownEditor } from "./markdown-editor";
import { columns, type Improvement, refusal, useEditImprovement, useImprovement } from "./use-improvements";

type Part = "why" | "what" | "how";
const parts: { key: Part; label: string }[] = [
  { key: "why", label: "Why" },
  { key: "what", label: "What" },
  { key: "how", label: "How" },
];

/** An improvement: why, what and how in Markdown, what it targets, what implements it, and its trace. */
export function ImprovementPage() {
  const { id } = useParams({ strict: false }) as { id: string };
  const improvement = useImprovement(id);
  // Patterns, issues, pull requests and what shipped them: the improvement's trace, one request.
  const trace = useTrace("improvement", id);
  const setStatus = useEditImprovement(id);
  if (improvement.isPending) return <Loading what="Loading the improvement" />;
  if (improvement.isError) return <PageError error={improvement.error} what="improvement" id={id} />;
  const i = improvement.data;
  return (
    <section>
      <PageHeader title={i.title}>
        <Status improvement={i} change={setStatus} />
      </PageHeader>
      {setStatus.error && (
        <p className="error-note" role="alert">
          {`It stays ${statusLabel(i.status).toLowerCase()}: ${refusal(setStatus.error)}`}
        </p>
      )}
      <div className="improvement-layout">
        <div>
          {parts.map((part) => (
            <Part key={part.key} improvement={i} part={part.key} label={part.label} />
          ))}
        </div>
        <div>
          <Targets improvement={i} />
          {trace.isError ? <ErrorNote error={trace.error} /> : <Work rows={trace.data} />}
        </div>
      </div>
      <section aria-labelledby="trace">
        <h2 id="trace">Trace</h2>
        {trace.data ? <TraceGraph trace={trace.data} /> : <Loading what="Tracing" />}
      </section>
    </section>
  );
}

const statusLabel = (status: Improvement["status"]) => columns.find((c) => c.status === status)?.label ?? status;

/**
 * Its status, which a builder changes here as on the board (the board's columns, in order); a refusal
 * (completed is snapback's to decide) is said under the title, and the select shows the status it has.
 */
function Status({ improvement, change }: { improvement: Improvement; change: ReturnType<typeof useEditImprovement> }) {
  const access = useAccess();
  if (!access.canChange(improvement.loopId)) return <StatusBadge status={improvement.status} />;
  return (
    <label>
      Status {/* Not disabled while it is saved: a disabled select drops the keyboard's focus. */}
      <select
        value={improvement.status}
        onChange={(e) => change.mutate({ status: e.target.value as Improvement["status"] })}
      >
        {columns.map((c) => (
          <option key={c.status} value={c.status}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Part({ improvement, part, label }: { improvement: Improvement; part: Part; label: string }) {
  const access = useAccess();
  const edit = useEditImprovement(improvement.id);
  const [editing, setEditing] = useState(false);
  const section = useRef<HTMLElement>(null);
  const closed = useRef(false);
  const close = () => {
    closed.current = true;
    setEditing(false);
  };
  useEffect(() => {
    if (editing || !closed.current) return;
    closed.current = false;
    // Saved or cancelled: the focus goes back to this part's Edit (the editor that had it is gone).
    section.current?.querySelector<HTMLElement>("h2 button")?.focus();
  }, [editing]);
  return (
    <section ref={section} className="improvement-section" aria-labelledby={`part-${part}`}>
      <h2 id={`part-${part}`}>
        {label}
        {!editing && access.canChange(improvement.loopId) && (
          <Button onClick={() => setEditing(true)} aria-label={`Edit ${label.toLowerCase()}`}>
            Edit
          </Button>
        )}
      </h2>
      {editing ? (
        <MarkdownEditor
          label={label}
          initial={improvement[part]}
          saving={edit.isPending}
          error={edit.error}
          onSave={(text) => edit.mutate({ [part]: text }, { onSuccess: close })}
          onCancel={() => {
            edit.reset();
            close();
          }}
        />
      ) : (
        <Markdown text={improvement[part]} />
      )}
    </section>
  );
}

function Targets({ improvement }: { improvement: Improvement }) {
  const products = useProducts().data;
  const components = useComponents().data;
  return (
    <section className="improvement-section" aria-labelledby="targets">
      <h2 id="targets">Targets</h2>
      {improvement.productIds.length + improvement.componentIds.length === 0 ? (
        <p className="muted">No target: any product that ships its fix answers it.</p>
      ) : (
        <ul className="link-list">
          {improvement.productIds.map((id) => (
            <li key={id}>Product {products?.get(id)?.name ?? id}</li>
          ))}
          {improvement.componentIds.map((id) => (
            <li key={id}>Component {components?.get(id)?.name ?? id}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

type TraceRows = ReturnType<typeof useTrace>["data"];

function Work({ rows }: { rows: TraceRows }) {
  if (!rows) return <Loading what="Loading its patterns and work" />;
  const list = (title: string, type: string, items: Record<string, unknown>[], empty: string) => (
    <section className="improvement-section" aria-labelledby={`work-${type}`}>
      <h2 id={`work-${type}`}>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="link-list">
          {(items as Row[]).map((row) => (
            <li key={row.id}>
              <EntityLink type={type} id={row.id}>
                {`${row.number ? `#${field(row, "number")} ` : ""}${field(row, "title")}`}
              </EntityLink>{" "}
              <StatusBadge status={field(row, "status")} />{" "}
              <When iso={field(row, "shippedAt") || field(row, "resolvedAt") || field(row, "createdAt") || null} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
  return (
    <>
      {list("Patterns", "pattern", rows.patterns, "It addresses no pattern yet.")}
      {list("Issues", "issue", rows.issues, "No issue implements it yet.")}
      {list("Pull requests", "pull_request", rows.pullRequests, "No pull request yet.")}
    </>
  );
}
