import { type FormEvent, useId, useState } from "react";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { useChange } from "../settings/use-settings";
import { Button } from "../ui/button";
import { ErrorNote, Loading, Said } from "../ui/states";
import { describeRule, type FingerprintRule, useMatcher, useRemoveRule } from "./use-matcher";

type Draft = Pick<FingerprintRule, "kind" | "field" | "expression">;
const empty: Draft = { kind: "error_code", field: "any", expression: "" };

/**
 * A pattern's fingerprint rules (docs/MATCHING.md): a report whose text matches one is suggested for this
 * pattern first, with a score of 100%, and attached by a channel that attaches on its own. Builders of
 * the pattern's loop write and remove them; each change is a new matcher version.
 */
export function RulesPanel(props: { patternId: string; loopId: string | null; merged: boolean }) {
  const matcher = useMatcher();
  const access = useAccess();
  const [draft, setDraft] = useState(empty);
  const id = useId();
  const add = useChange(["matcher"], (rule: Draft) =>
    unwrap(api.POST("/matcher/rules", { body: { ...rule, patternId: props.patternId } })),
  );
  const remove = useRemoveRule();
  // What the last Remove did, focused where the rule was (its button is gone, the focus with it).
  const [removed, setRemoved] = useState<string | null>(null);
  const removeRule = (rule: FingerprintRule) => {
    setRemoved(null);
    remove.mutate(rule.id, { onSuccess: () => setRemoved(`Removed the rule ${describeRule(rule)}.`) });
  };
  const mayWrite = access.canChange(props.loopId) && !props.merged;
  const rules = (matcher.data?.rules ?? []).filter((rule) => rule.patternId === props.patternId);
  if (!mayWrite && rules.length === 0) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The kind and where it looks stay as chosen: a second rule of the same kind is one field away.
    add.mutate(draft, { onSuccess: () => setDraft((before) => ({ ...before, expression: "" })) });
  };
  return (
    <section className="panel" aria-labelledby="rules">
      <h2 id="rules">Fingerprint rules</h2>
      {matcher.isError && <ErrorNote error={matcher.error} />}
      {matcher.isPending ? (
        <Loading what="Loading the rules" />
      ) : rules.length === 0 ? (
        <p className="muted">None. A report that matches a rule is suggested here first, at 100%.</p>
      ) : (
        <ul className="plain-list">
          {rules.map((rule) => (
            <li key={rule.id}>
              <code>{describeRule(rule)}</code>{" "}
              {mayWrite && (
                <Button
                  aria-label={`Remove the rule ${describeRule(rule)}`}
                  onClick={() => removeRule(rule)}
                  disabled={remove.isPending}
                >
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorNote error={remove.error} />}
      {removed && <Said text={removed} />}
      {mayWrite && (
        <details>
          <summary>Add a rule</summary>
          <form onSubmit={submit} aria-label="New fingerprint rule">
            <div className="inline-form">
              <label htmlFor={`${id}-kind`}>Kind</label>
              <select
                id={`${id}-kind`}
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft["kind"] })}
              >
                <option value="error_code">error code</option>
                <option value="regex">regular expression</option>
              </select>
              <label htmlFor={`${id}-field`}>Looks at</label>
              <select
                id={`${id}-field`}
                value={draft.field}
                onChange={(e) => setDraft({ ...draft, field: e.target.value as Draft["field"] })}
              >
                <option value="any">title, body and channel</option>
                <option value="title">the title</option>
                <option value="body">the body</option>
                <option value="channel">the channel's slug</option>
              </select>
            </div>
            <div className="inline-form">
              <label htmlFor={`${id}-expression`}>
                {draft.kind === "error_code" ? "Error code" : "Regular expression"}
              </label>
              <input
                id={`${id}-expression`}
                required
                maxLength={500}
                placeholder={draft.kind === "error_code" ? "ERR_SYNC_TIMEOUT" : "^\\[sync\\]"}
                value={draft.expression}
                onChange={(e) => setDraft({ ...draft, expression: e.target.value })}
              />
              <Button type="submit" disabled={add.isPending || draft.expression.trim() === ""}>
                Add the rule
              </Button>
            </div>
            {add.isError && <ErrorNote error={add.error} />}
          </form>
        </details>
      )}
    </section>
  );
}
