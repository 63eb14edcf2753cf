import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { useCurrentLoop, useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { ErrorNote, Loading } from "../ui/states";
import { Table } from "../ui/table";
import { useChange, useUsers } from "./use-settings";

const roles = ["viewer", "builder", "owner"] as const;
type Role = (typeof roles)[number];

/** A loop's people and their roles: its owners change them. */
export function MembersSection() {
  const loops = useLoops();
  const current = useCurrentLoop();
  const [chosen, setChosen] = useState<string | null>(null);
  const loopId = chosen ?? current ?? loops.data?.[0]?.id ?? null;
  const access = useAccess();
  const users = useUsers();
  const members = useQuery({
    queryKey: ["loop", loopId, "members"],
    enabled: Boolean(loopId),
    queryFn: () => unwrap(api.GET("/loops/{id}/members", { params: { path: { id: loopId ?? "" } } })),
  });
  const setRole = useChange(["loop"], (input: { userId: string; role: Role }) =>
    unwrap(
      api.PUT("/loops/{id}/members/{userId}", {
        params: { path: { id: loopId ?? "", userId: input.userId } },
        body: { role: input.role },
      }),
    ),
  );
  const remove = useChange(["loop"], (userId: string) =>
    unwrap(api.DELETE("/loops/{id}/members/{userId}", { params: { path: { id: loopId ?? "", userId } } })),
  );
  const [adding, setAdding] = useState<{ userId: string; role: Role }>({ userId: "", role: "builder" });
  const manages = access.canManage(loopId);
  if (loops.error) return <ErrorNote error={loops.error} />;
  if (!loops.data) return <Loading />;
  const items = members.data?.items ?? [];
  const outside = (users.data ?? []).filter((u) => !items.some((m) => m.userId === u.id));
  const add = (event: FormEvent) => {
    event.preventDefault();
    if (adding.userId) setRole.mutate(adding, { onSuccess: () => setAdding({ userId: "", role: "builder" }) });
  };
  return (
    <>
      <div className="filters">
        <label>
          Loop
          <select value={loopId ?? ""} onChange={(e) => setChosen(e.target.value)}>
            {loops.data.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {members.error && <ErrorNote error={members.error} />}
      {setRole.error && <ErrorNote error={setRole.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
      {loopId && !members.data && !members.error && <Loading />}
      {members.data && items.length === 0 && <p className="muted">Nobody has a role in this loop yet.</p>}
      {items.length > 0 && (
        <Table>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              {manages && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name} <span className="muted">{m.email}</span>
                </td>
                <td>
                  {manages ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      value={m.role}
                      onChange={(e) => setRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                    >
                      {roles.map((r) => (
                        <option key={r}>{r}</option>
                      ))}
                    </select>
                  ) : (
                    m.role
                  )}
                </td>
                {manages && (
                  <td>
                    <Button variant="danger" onClick={() => remove.mutate(m.userId)} aria-label={`Remove ${m.name}`}>
                      Remove
                    </Button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {manages && outside.length > 0 && (
        <form className="inline-form" onSubmit={add} aria-label="Give a person a role">
          <label>
            Person
            <select value={adding.userId} onChange={(e) => setAdding({ ...adding, userId: e.target.value })}>
              <option value="">choose…</option>
              {outside.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name} ({u.email})
                </option>
              ))}
            </select>
          </label>
          <label>
            Role
            <select value={adding.role} onChange={(e) => setAdding({ ...adding, role: e.target.value as Role })}>
              {roles.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <Button type="submit" variant="primary" disabled={!adding.userId || setRole.isPending}>
            Give the role
          </Button>
        </form>
      )}
    </>
  );
}
