import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";
import { NameAndSlug } from "./name-and-slug";
import type { Product } from "./use-delivery";
import { useAddComponent, useCreateComponent, useDeliveryAccess } from "./use-delivery-changes";

/**
 * "New component": a component, and the products built from it — those whose loop the person owns (adding
 * a component to a product is changing the product: an owner's).
 */
export function NewComponentDialog(props: {
  open: boolean;
  onClose: () => void;
  onMade: (said: string) => void;
  products: Product[];
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New component">
      <NewComponentForm {...props} />
    </Dialog>
  );
}

function NewComponentForm({ onClose, onMade, products }: Parameters<typeof NewComponentDialog>[0]) {
  const may = useDeliveryAccess();
  const [draft, setDraft] = useState({ name: "", slug: "", repositoryUrl: "" });
  const [productIds, setProductIds] = useState<Set<string>>(new Set());
  const owned = products.filter((p) => may.mayMakeProduct(p.loopId));
  const create = useCreateComponent();
  const add = useAddComponent();
  const toggle = (id: string) =>
    setProductIds((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const submit = async () => {
    const made = await create.mutateAsync({
      name: draft.name.trim(),
      slug: draft.slug,
      repositoryUrl: draft.repositoryUrl.trim() || undefined,
    });
    const into = owned.filter((p) => productIds.has(p.id));
    // One product at a time: a refusal says which product it was, and the component stays made.
    for (const product of into) await add.mutateAsync({ product, componentId: made.id });
    const built = into.length > 0 ? `, built into ${into.map((p) => p.name).join(", ")}` : "";
    onMade(`Made the component ${made.name} (${made.slug})${built}.`);
    onClose();
  };
  const error = create.error ?? add.error;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit().catch(() => {});
      }}
    >
      <h2>New component</h2>
      <NameAndSlug value={draft} onChange={(named) => setDraft({ ...draft, ...named })} />
      <Field
        label="Repository (optional)"
        type="url"
        maxLength={2000}
        placeholder="https://github.com/acme/sync-engine"
        value={draft.repositoryUrl}
        onChange={(e) => setDraft({ ...draft, repositoryUrl: e.target.value })}
      />
      {owned.length > 0 && (
        <fieldset className="field">
          <legend>Products built from it</legend>
          {owned.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={productIds.has(p.id)} onChange={() => toggle(p.id)} /> {p.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && <ErrorNote error={error} />}
      <div className="page-actions">
        <Button
          type="submit"
          variant="primary"
          disabled={!draft.name.trim() || !draft.slug || create.isPending || add.isPending}
        >
          Make the component
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
