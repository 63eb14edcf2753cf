import { useState } from "react";
import { useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { SelectField } from "../ui/field";
import { ErrorNote } from "../ui/states";
import { BuiltFrom } from "./built-from";
import { NameAndSlug } from "./name-and-slug";
import type { Component, Product } from "./use-delivery";
import { useCreateProduct, useDeliveryAccess } from "./use-delivery-changes";

/**
 * "New product": a product of a loop the person owns, built from components they may use (those no loop
 * uses yet, or those of loops where they build: the API refuses another loop's component).
 */
export function NewProductDialog(props: {
  open: boolean;
  onClose: () => void;
  onMade: (said: string) => void;
  components: Component[];
  products: Product[];
  loopId: string | null;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New product">
      <NewProductForm {...props} />
    </Dialog>
  );
}

function NewProductForm({ onClose, onMade, components, products, loopId }: Parameters<typeof NewProductDialog>[0]) {
  const may = useDeliveryAccess();
  const loops = (useLoops().data ?? []).filter((loop) => may.mayMakeProduct(loop.id));
  const [draft, setDraft] = useState({
    loopId: loops.find((loop) => loop.id === loopId)?.id ?? loops[0]?.id ?? "",
    name: "",
    slug: "",
  });
  const [componentIds, setComponentIds] = useState<Set<string>>(new Set());
  const usable = components.filter((c) => may.mayVersion(c, products));
  const create = useCreateProduct();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { loopId: draft.loopId, name: draft.name.trim(), slug: draft.slug, componentIds: [...componentIds] },
          {
            onSuccess: (made) => {
              onMade(`Made the product ${made.name} (${made.slug}).`);
              onClose();
            },
          },
        );
      }}
    >
      <h2>New product</h2>
      <SelectField label="Loop" value={draft.loopId} onChange={(e) => setDraft({ ...draft, loopId: e.target.value })}>
        {loops.map((loop) => (
          <option key={loop.id} value={loop.id}>
            {loop.name}
          </option>
        ))}
      </SelectField>
      <NameAndSlug value={draft} onChange={(named) => setDraft({ ...draft, ...named })} />
      <BuiltFrom offered={usable} chosen={componentIds} onChange={setComponentIds} />
      {create.isError && <ErrorNote error={create.error} />}
      <div className="page-actions">
        <Button
          type="submit"
          variant="primary"
          disabled={!draft.loopId || !draft.name.trim() || !draft.slug || create.isPending}
        >
          Make the product
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
