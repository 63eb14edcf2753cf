import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { ErrorNote } from "../ui/states";
import { BuiltFrom } from "./built-from";
import { changesAnything, productChanges } from "./edit-changes";
import { NameOfSlug } from "./name-and-slug";
import type { Component, Product } from "./use-delivery";
import { useDeliveryAccess, useUpdateProduct } from "./use-delivery-changes";

/**
 * "Edit product": its name, its description and the components it is built from — an existing component
 * added, or one taken off — as `loopwork product set` changes them (PATCH /products/:id, an owner's):
 * only what the person changed, so that a save does not undo what others changed since it opened. Its slug
 * stays. The components offered are those the person may use, and those it is built from now.
 */
export function EditProductDialog(props: {
  product: Product | null;
  onClose: () => void;
  onMade: (said: string) => void;
  components: Component[];
  products: Product[];
}) {
  return (
    <Dialog open={props.product !== null} onClose={props.onClose} label="Edit product">
      {props.product && <EditProductForm {...props} product={props.product} />}
    </Dialog>
  );
}

function EditProductForm({
  product,
  onClose,
  onMade,
  components,
  products,
}: Parameters<typeof EditProductDialog>[0] & { product: Product }) {
  const may = useDeliveryAccess();
  const [draft, setDraft] = useState({ name: product.name, description: product.description });
  const [componentIds, setComponentIds] = useState<Set<string>>(new Set(product.componentIds));
  const offered = components.filter((c) => product.componentIds.includes(c.id) || may.mayVersion(c, products));
  const update = useUpdateProduct();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const changes = productChanges(product, draft, componentIds);
        // Nothing changed: nothing to send, nor to say was changed.
        if (!changesAnything(changes)) return onClose();
        // Only what changed is sent; ticks and unticks apply to the product as it is now (useUpdateProduct),
        // whose components the API lists by id, whatever order they are sent in.
        update.mutate(
          { id: product.id, ...changes },
          {
            onSuccess: (changed) => {
              onMade(`Changed the product ${changed.name} (${changed.slug}).`);
              onClose();
            },
          },
        );
      }}
    >
      <h2>Edit product {product.name}</h2>
      <NameOfSlug name={draft.name} slug={product.slug} onChange={(name) => setDraft({ ...draft, name })} />
      <div className="field">
        <label htmlFor="edit-product-description">Description (Markdown)</label>
        <textarea
          id="edit-product-description"
          rows={3}
          maxLength={100_000}
          value={draft.description}
          onChange={(e) => setDraft({ ...draft, description: e.target.value })}
        />
      </div>
      <BuiltFrom offered={offered} chosen={componentIds} onChange={setComponentIds} />
      {update.isError && <ErrorNote error={update.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!draft.name.trim() || update.isPending}>
          Save the product
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
