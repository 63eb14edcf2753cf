import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { Table } from "../ui/table";
import { When } from "../ui/when";
import { useChange } from "./use-settings";

/** The loops: administrators make them, owners rename them. */
export function LoopsSection() {
  const loops = useLoops();
  const access = useAccess();
  const create = useChange(["loop"], (body: { slug: string; name: string }) => unwrap(api.POST("/loops", { body })));
  const rename = useChange(["loop"], (input: { id: string; name: string }) =>
    unwrap(api.PATCH("/loops/{id}", { params: { path: { id: input.id } }, body: { name: input.name } })),
  );
  const [draft, setDraft] = useState({ slug: "", name: "" });
  // What the last rename did, said under the table (role="status": read out too).
  const [renamed, setRenamed] = useState("");
  const save = (loop: { id: string; slug: string; name: string }, field: HTMLInputElement) => {
    const name = field.value.trim();
    // A blank name is no name: the field shows the loop's again, not a blank it did not save.
    if (!name) field.value = loop.name;
    // Enter saves, and leaving the field after it must not save the same name again.
    if (!name || name === loop.name || rename.isPending) return;
    setRenamed("");
    rename.mutate({ id: loop.id, name }, { onSuccess: () => setRenamed(`Renamed ${loop.slug} to “${name}”.`) });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(draft, { onSuccess: () => setDraft({ slug: "", name: "" }) });
  };
  if (loops.error) return <ErrorNote error={loops.error} />;
  if (!loops.data) return <Loading />;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <th scope="col">Loop</th>
            <th scope="col">Slug</th>
            <th scope="col">Made</th>
          </tr>
        </thead>
        <tbody>
          {loops.data.map((loop) => (
            <tr key={loop.id}>
              <td>
                {access.canManage(loop.id) ? (
                  <input
                    aria-label={`Name of the loop ${loop.slug}`}
                    defaultValue={loop.name}
                    maxLength={200}
                    onBlur={(e) => save(loop, e.target)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") save(loop, e.currentTarget);
                      // Escape takes the typing back: leaving the field then saves nothing.
                      if (e.key === "Escape") e.currentTarget.value = loop.name;
                    }}
                  />
                ) : (
                  loop.name
                )}
              </td>
              <td>{loop.slug}</td>
              <td>
                <When at={loop.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {rename.error && <ErrorNote error={rename.error} />}
      <p role="status" className="muted" hidden={!renamed}>
        {renamed}
      </p>
      {access.admin && (
        <form onSubmit={submit} aria-label="New loop">
          <h3>New loop</h3>
          <Field
            label="Name"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <Field
            label="Slug"
            hint="Lowercase letters, digits and dashes"
            required
            maxLength={80}
            value={draft.slug}
            onChange={(e) => setDraft({ ...draft, slug: e.target.value })}
          />
          {create.error && <ErrorNote error={create.error} />}
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Make the loop
          </Button>
        </form>
      )}
    </>
  );
}
