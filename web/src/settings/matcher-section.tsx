import { Link } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { usePattern } from "../knowledge/use-knowledge";
import { describeRule, type FingerprintRule, type Matcher, useMatcher, useRemoveRule } from "../matcher/use-matcher";
import { Button } from "../ui/button";
import { EntityLink } from "../ui/entity";
import { Field } from "../ui/field";
import { percent } from "../ui/format";
import { ErrorNote, Loading, Said } from "../ui/states";
import { Table } from "../ui/table";
import { useChange } from "./use-settings";

/**
 * The matcher (docs/MATCHING.md): which suggestions people are shown, for every loop (administrators
 * change it; each change is a new version), every fingerprint rule with its pattern, and whether an
 * embeddings provider is on (the server's configuration, never its key).
 */
export function MatcherSection() {
  const matcher = useMatcher();
  const remove = useRemoveRule();
  // What the last Remove did, focused where the rule was (its button is gone, the focus with it).
  const [removed, setRemoved] = useState<string | null>(null);
  const removeRule = (rule: FingerprintRule) => {
    setRemoved(null);
    remove.mutate(rule.id, { onSuccess: () => setRemoved(`Removed the rule ${describeRule(rule)}.`) });
  };
  if (matcher.isError) return <ErrorNote error={matcher.error} />;
  if (!matcher.data) return <Loading />;
  const m = matcher.data;
  return (
    <>
      <p>
        Version {m.version}. Suggestions are shown from a score of {percent(m.minScore)}, at most {m.limit} for a
        signal. Each channel's own threshold decides what is attached without a person (
        <Link to="/settings" search={{ section: "channels" }}>
          Channels
        </Link>
        ).
      </p>
      <SettingsForm matcher={m} />
      <h3>Fingerprint rules</h3>
      {m.rules.length === 0 ? (
        <p className="muted">None. Write one on a pattern's page: its reports are then suggested there first.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Pattern</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {m.rules.map((rule) => (
              <RuleRow key={rule.id} rule={rule} onRemove={() => removeRule(rule)} busy={remove.isPending} />
            ))}
          </tbody>
        </Table>
      )}
      {remove.isError && <ErrorNote error={remove.error} />}
      {removed && <Said text={removed} />}
      <h3>Embeddings</h3>
      <p className="muted">
        {m.embeddings.enabled
          ? `On: model ${m.embeddings.model} at ${m.embeddings.url}${m.embeddings.keySet ? " (a key is set)" : ""}.`
          : "Off: the matcher compares words only. The server's LOOPWORK_EMBEDDINGS_URL and LOOPWORK_EMBEDDINGS_MODEL turn it on."}
      </p>
    </>
  );
}

/**
 * A rule with the pattern it files to, by its title (rules are few: one request each, cached), and
 * Remove for whoever may change that pattern's loop (its builders, administrators).
 */
function RuleRow(props: { rule: FingerprintRule; onRemove: () => void; busy: boolean }) {
  const { rule } = props;
  const pattern = usePattern(rule.patternId);
  const access = useAccess();
  return (
    <tr>
      <td>
        <code>{describeRule(rule)}</code>
      </td>
      <td>
        <EntityLink type="pattern" id={rule.patternId}>
          {pattern.data?.title ?? "a pattern"}
        </EntityLink>
      </td>
      <td>
        {pattern.data && access.canChange(pattern.data.loopId) && (
          <Button aria-label={`Remove the rule ${describeRule(rule)}`} onClick={props.onRemove} disabled={props.busy}>
            Remove
          </Button>
        )}
      </td>
    </tr>
  );
}

/** The score from which, and how many, suggestions are shown: administrators change them. */
function SettingsForm({ matcher }: { matcher: Matcher }) {
  const access = useAccess();
  // What the administrator typed; a field left alone shows the setting in force and is not sent (a
  // score set to 0.1234 elsewhere is not rounded by saving the limit here).
  const [draft, setDraft] = useState<{ percent?: string; limit?: string }>({});
  // What the last Save did, said where the person looks (role="status": read out too).
  const [saved, setSaved] = useState("");
  const save = useChange(["matcher"], () =>
    unwrap(
      api.PATCH("/matcher", {
        body: {
          minScore: draft.percent === undefined ? undefined : Number(draft.percent) / 100,
          limit: draft.limit === undefined ? undefined : Number(draft.limit),
        },
      }),
    ),
  );
  if (!access.admin) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.percent === undefined && draft.limit === undefined)
      return setSaved("Nothing to save: no setting changed.");
    save.mutate(undefined, {
      onSuccess: (m) => {
        setDraft({});
        setSaved(`Saved: version ${m.version}.`);
      },
    });
  };
  return (
    <form onSubmit={submit} aria-label="Suggestions shown">
      <div className="inline-form">
        <Field
          label="Show suggestions from a score of (%)"
          type="number"
          min={0}
          max={100}
          step={0.1}
          required
          value={draft.percent ?? String(Math.round(matcher.minScore * 1000) / 10)}
          onChange={(e) => {
            setDraft({ ...draft, percent: e.target.value });
            setSaved("");
          }}
        />
        <Field
          label="At most this many suggestions"
          type="number"
          min={1}
          max={20}
          step={1}
          required
          value={draft.limit ?? String(matcher.limit)}
          onChange={(e) => {
            setDraft({ ...draft, limit: e.target.value });
            setSaved("");
          }}
        />
      </div>
      {save.error && <ErrorNote error={save.error} />}
      <Button type="submit" variant="primary" disabled={save.isPending}>
        Save
      </Button>{" "}
      <span role="status" className="muted">
        {saved}
      </span>
    </form>
  );
}
