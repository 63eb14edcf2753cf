import type { MovePreview } from "./use-pattern-moves";

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What a merge or split would move, as the API counted it (preview: true): signals, the people behind
 * them, improvements and what becomes of notifications; names the moved signals the page has loaded.
 */
export function MovePreviewList(props: { preview: MovePreview; kind: "merge" | "split"; titles: Map<string, string> }) {
  const p = props.preview;
  const named = p.sampleSignalIds.flatMap((id) => {
    const title = props.titles.get(id);
    return title ? [{ id, title }] : [];
  });
  return (
    <div className="move-preview" role="status" aria-label="What moves">
      <dl className="move-counts">
        <div>
          <dt>Signals</dt>
          <dd>
            {count(p.signals, "signal moves", "signals move")}
            {p.signalsAlreadyOnTarget > 0 && ` (${p.signalsAlreadyOnTarget} already there)`}
          </dd>
        </div>
        <div>
          <dt>Contacts</dt>
          <dd>
            {count(p.contacts, "person", "people")} behind them
            {p.contactsAlreadyOnTarget > 0 && ` (${p.contactsAlreadyOnTarget} already behind the target)`}
          </dd>
        </div>
        {props.kind === "merge" && (
          <div>
            <dt>Improvements</dt>
            <dd>
              {count(p.improvements, "improvement follows", "improvements follow")}
              {p.improvementsAlreadyOnTarget > 0 && ` (${p.improvementsAlreadyOnTarget} address both)`}
            </dd>
          </div>
        )}
        <div>
          <dt>Notifications</dt>
          <dd>
            {props.kind === "merge"
              ? "None move (a pattern whose people were told of a live fix cannot be merged); from now on a person behind both is told once per fix."
              : "None move; the people of the moved signals are told when a fix for the new pattern ships."}
          </dd>
        </div>
      </dl>
      {named.length > 0 && (
        <ul className="move-sample" aria-label="Signals that move">
          {named.map((s) => (
            <li key={s.id}>{s.title}</li>
          ))}
          {p.signals > named.length && <li className="muted">and {p.signals - named.length} more</li>}
        </ul>
      )}
    </div>
  );
}
