import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";
import { changesAnything, componentChanges } from "./edit-changes";
import { NameOfSlug } from "./name-and-slug";
import type { Component } from "./use-delivery";
import { useUpdateComponent } from "./use-delivery-changes";

/**
 * "Edit component": its name and its repository (emptied: none), as `loopwork component set` changes them
 * (PATCH /components/:id). Its slug stays. Which products are built from it is each product's to say.
 */
export function EditComponentDialog(props: {
  component: Component | null;
  onClose: () => void;
  onMade: (said: string) => void;
}) {
  return (
    <Dialog open={props.component !== null} onClose={props.onClose} label="Edit component">
      {props.component && <EditComponentForm {...props} component={props.component} />}
    </Dialog>
  );
}

function EditComponentForm({
  component,
  onClose,
  onMade,
}: Parameters<typeof EditComponentDialog>[0] & { component: Component }) {
  const [draft, setDraft] = useState({ name: component.name, repositoryUrl: component.repositoryUrl ?? "" });
  const update = useUpdateComponent();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const changes = componentChanges(component, draft);
        // Only what changed is sent: a name or repository someone changed since it opened stays theirs.
        if (!changesAnything(changes)) return onClose();
        update.mutate(
          { id: component.id, ...changes },
          {
            onSuccess: (changed) => {
              onMade(`Changed the component ${changed.name} (${changed.slug}).`);
              onClose();
            },
          },
        );
      }}
    >
      <h2>Edit component {component.name}</h2>
      <NameOfSlug name={draft.name} slug={component.slug} onChange={(name) => setDraft({ ...draft, name })} />
      <Field
        label="Repository (optional)"
        type="url"
        maxLength={2000}
        placeholder="https://github.com/acme/sync-engine"
        hint="Empty: it has none."
        value={draft.repositoryUrl}
        onChange={(e) => setDraft({ ...draft, repositoryUrl: e.target.value })}
      />
      {update.isError && <ErrorNote error={update.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!draft.name.trim() || update.isPending}>
          Save the component
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
