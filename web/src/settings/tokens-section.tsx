import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { Table } from "../ui/table";
import { tokensQuery } from "../ui/use-names";
import { When } from "../ui/when";
import { useChange } from "./use-settings";

const scopes = ["read", "write", "deploy", "admin"] as const;
type Scope = (typeof scopes)[number];

/**
 * API tokens: anyone signed in makes their own (no more than their roles allow); the secret is in the
 * answer that makes it, shown here once and never again (the server keeps only its hash).
 */
export function TokensSection() {
  const tokens = useQuery(tokensQuery);
  const loops = useLoops();
  const [draft, setDraft] = useState<{ name: string; scope: Scope; loopId: string; days: string }>({
    name: "",
    scope: "read",
    loopId: "",
    days: "",
  });
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = useChange(["api_token"], () =>
    unwrap(
      api.POST("/tokens", {
        body: {
          name: draft.name,
          scope: draft.scope,
          loopId: draft.loopId || undefined,
          expiresInDays: draft.days ? Number(draft.days) : undefined,
        },
      }),
    ),
  );
  const revoke = useChange(["api_token"], (id: string) =>
    unwrap(api.DELETE("/tokens/{id}", { params: { path: { id } } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: (made) => {
        setSecret({ name: made.name, token: made.token });
        setDraft({ name: "", scope: "read", loopId: "", days: "" });
      },
    });
  };
  const loopName = new Map((loops.data ?? []).map((l) => [l.id, l.name]));
  return (
    <>
      {secret && (
        <div className="section" role="status">
          <p>
            The token <strong>{secret.name}</strong>: copy it now, it is not shown again.
          </p>
          <code className="secret">{secret.token}</code>
          <Button onClick={() => setSecret(null)}>I have copied it</Button>
        </div>
      )}
      {tokens.error && <ErrorNote error={tokens.error} />}
      {revoke.error && <ErrorNote error={revoke.error} />}
      {!tokens.data && !tokens.error && <Loading />}
      {tokens.data && (
        <Table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Scope</th>
              <th scope="col">Loop</th>
              <th scope="col">Starts with</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>{t.scope}</td>
                <td>{t.loopId ? (loopName.get(t.loopId) ?? t.loopId) : "every loop"}</td>
                <td>
                  <code>{t.prefix}…</code>
                </td>
                <td>
                  <When at={t.lastUsedAt} />
                </td>
                <td>
                  <When at={t.expiresAt} />
                </td>
                <td>
                  {t.revokedAt ? (
                    <span className="muted">revoked</span>
                  ) : (
                    <Button variant="danger" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke ${t.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <form onSubmit={submit} aria-label="New API token">
        <h3>New API token</h3>
        <Field
          label="Token name"
          required
          maxLength={100}
          value={draft.name}
          hint="What uses it: a CI pipeline, a script"
          onChange={(e) => setDraft({ ...draft, name: e.target.value })}
        />
        <div className="inline-form">
          <label>
            Scope
            <select value={draft.scope} onChange={(e) => setDraft({ ...draft, scope: e.target.value as Scope })}>
              {scopes.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Loop
            <select value={draft.loopId} onChange={(e) => setDraft({ ...draft, loopId: e.target.value })}>
              <option value="">every loop I am in</option>
              {(loops.data ?? []).map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Expires in days
            <input
              type="number"
              min={1}
              max={3650}
              value={draft.days}
              placeholder="never"
              onChange={(e) => setDraft({ ...draft, days: e.target.value })}
            />
          </label>
        </div>
        {create.error && <ErrorNote error={create.error} />}
        <Button type="submit" variant="primary" disabled={create.isPending}>
          Make the token
        </Button>
      </form>
    </>
  );
}
