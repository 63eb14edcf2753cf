import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { useChange, useUsers } from "./use-settings";

/** The installation's people; administrators invite them (a one-time link, shown once) and send new links. */
export function UsersSection() {
  const access = useAccess();
  const users = useUsers();
  const [draft, setDraft] = useState({ email: "", name: "", admin: false });
  const [link, setLink] = useState<{ who: string; url: string } | null>(null);
  const invite = useChange(["user"], () => unwrap(api.POST("/users", { body: draft })));
  const relink = useChange(["user"], (id: string) =>
    unwrap(api.POST("/users/{id}/invitation", { params: { path: { id } } })),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate(undefined, {
      onSuccess: (made) => {
        setLink({ who: made.user.name, url: made.invitation.url });
        setDraft({ email: "", name: "", admin: false });
      },
    });
  };
  if (users.error) return <ErrorNote error={users.error} />;
  if (!users.data) return <Loading />;
  return (
    <>
      {link && (
        <div className="section" role="status">
          <p>
            Send this link to <strong>{link.who}</strong> to choose a password; it is not shown again.
          </p>
          <code className="secret">{link.url}</code>
          <Button onClick={() => setLink(null)}>Done</Button>
        </div>
      )}
      <Table>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">Email</th>
            <th scope="col">Administrator</th>
            <th scope="col">Signed up</th>
            {access.admin && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {users.data.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{u.admin ? "yes" : "no"}</td>
              <td>{u.signedUp ? <When at={u.createdAt} /> : <span className="muted">invited</span>}</td>
              {access.admin && (
                <td>
                  <Button
                    onClick={() =>
                      relink.mutate(u.id, { onSuccess: (made) => setLink({ who: u.name, url: made.url }) })
                    }
                  >
                    New link for {u.name}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </Table>
      {relink.error && <ErrorNote error={relink.error} />}
      {access.admin && (
        <form onSubmit={submit} aria-label="Invite a person">
          <h3>Invite a person</h3>
          <Field
            label="Their name"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <Field
            label="Their email"
            type="email"
            required
            maxLength={320}
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
          <label>
            <input
              type="checkbox"
              checked={draft.admin}
              onChange={(e) => setDraft({ ...draft, admin: e.target.checked })}
            />{" "}
            Administrator of the installation
          </label>
          {invite.error && <ErrorNote error={invite.error} />}
          <p>
            <Button type="submit" variant="primary" disabled={invite.isPending}>
              Invite
            </Button>
          </p>
        </form>
      )}
    </>
  );
}
