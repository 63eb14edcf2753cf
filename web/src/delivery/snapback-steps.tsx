import { Badge } from "../ui/badge";
import { EntityLink } from "../ui/entity";

/** A node of the deployment's trace: what names an id the timeline gives. */
export type TraceNode = { type: string; id: string; title: string; status: string | null };

/**
 * What a release moves on, in snapback's order (DESIGN §2): each a type of the trace, the status it
 * reaches, and its list in what a deployment's snapback did (SnapbackDid).
 */
export const snapbackSteps = [
  { type: "version", did: "versions", heading: "Versions", label: "Versions released", reached: null },
  {
    type: "pull_request",
    did: "pullRequests",
    heading: "Pull requests",
    label: "Pull requests shipped",
    reached: "shipped",
  },
  { type: "issue", did: "issues", heading: "Issues", label: "Issues resolved", reached: "resolved" },
  {
    type: "improvement",
    did: "improvements",
    heading: "Improvements",
    label: "Improvements completed",
    reached: "completed",
  },
  { type: "pattern", did: "patterns", heading: "Patterns", label: "Patterns addressed", reached: "addressed" },
] as const;

export type SnapbackStep = (typeof snapbackSteps)[number];

/** One step's row: how many count, and the entities listed under its heading (with a status, if any). */
export interface StepRow {
  step: SnapbackStep;
  count: number;
  items: { id: string; title: string; status: string | null }[];
}

/** Each step's count, then each step's entities linked to their pages; "People told" too when given. */
export function SnapbackSteps({ rows, told }: { rows: StepRow[]; told?: number }) {
  return (
    <>
      <ul className="counts">
        {rows.map(({ step, count }) => (
          <li key={step.type}>
            <strong>{count}</strong> {step.label}
          </li>
        ))}
        {told !== undefined && (
          <li>
            <strong>{told}</strong> People told
          </li>
        )}
      </ul>
      {rows.map(({ step, items }) =>
        items.length === 0 ? null : (
          <div key={step.type}>
            <h3>{step.heading}</h3>
            <ul>
              {items.map((item) => (
                <li key={item.id}>
                  <EntityLink type={step.type} id={item.id}>
                    {item.title}
                  </EntityLink>{" "}
                  {item.status && <Badge status={item.status} />}
                </li>
              ))}
            </ul>
          </div>
        ),
      )}
    </>
  );
}
