import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, SelectField } from "../ui/field";
import { countOf } from "../ui/format";
import { ErrorNote } from "../ui/states";
import type { Component, Product } from "./use-delivery";
import { useCreateVersion, useDeliveryAccess } from "./use-delivery-changes";

/**
 * "New version": a version of a component, holding every merged pull request of it not in a version yet
 * (as `loopwork version` does); the page then says how many it took, and when none, that it ships no fix.
 */
export function NewVersionDialog(props: {
  open: boolean;
  onClose: () => void;
  onMade: (said: string) => void;
  components: Component[];
  products: Product[];
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New version">
      <NewVersionForm {...props} />
    </Dialog>
  );
}

function NewVersionForm({ onClose, onMade, components, products }: Parameters<typeof NewVersionDialog>[0]) {
  const may = useDeliveryAccess();
  const usable = components.filter((c) => may.mayVersion(c, products));
  const [componentId, setComponentId] = useState(usable[0]?.id ?? "");
  const [name, setName] = useState("");
  const create = useCreateVersion();
  const component = usable.find((c) => c.id === componentId);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { componentId, name: name.trim() },
          {
            onSuccess: (made) => {
              const prs = made.pullRequestIds.length;
              onMade(
                prs > 0
                  ? `Made the version ${component?.slug}@${made.name} with ${countOf(prs, "pull request")}.`
                  : `Made the version ${component?.slug}@${made.name} with no pull request: no merged pull request was waiting for a version, so it ships no fix.`,
              );
              onClose();
            },
          },
        );
      }}
    >
      <h2>New version</h2>
      <SelectField label="Component" value={componentId} onChange={(e) => setComponentId(e.target.value)}>
        {usable.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.slug})
          </option>
        ))}
      </SelectField>
      <Field
        label="Version name"
        required
        maxLength={100}
        placeholder="2.4.0"
        value={name}
        autoFocus
        hint="It takes every merged pull request of the component that is in no version yet."
        onChange={(e) => setName(e.target.value)}
      />
      {create.isError && <ErrorNote error={create.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!componentId || !name.trim() || create.isPending}>
          Make the version
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
