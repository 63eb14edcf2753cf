import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, SelectField } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import type { Component, Product } from "./use-delivery";
import { useCreateRelease, useDeliveryAccess, useVersionsOf } from "./use-delivery-changes";

/**
 * "New release": a release of a product holding one version of each of its components — the newest
 * unless another is chosen, or none — then its page. The same as `loopwork release --version …`.
 */
export function NewReleaseDialog(props: {
  open: boolean;
  onClose: () => void;
  products: Product[];
  components: Component[];
  productId?: string;
}) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New release">
      <NewReleaseForm {...props} />
    </Dialog>
  );
}

function NewReleaseForm({ onClose, products, components, productId }: Parameters<typeof NewReleaseDialog>[0]) {
  const may = useDeliveryAccess();
  const usable = products.filter((p) => may.mayRelease(p));
  const [chosenProduct, setProduct] = useState(productId ?? usable[0]?.id ?? "");
  const [name, setName] = useState("");
  // A component's version as chosen: absent, its newest; "" none.
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const product = usable.find((p) => p.id === chosenProduct);
  const componentIds = product?.componentIds ?? [];
  const versions = useVersionsOf(componentIds);
  const versionOf = (componentId: string) =>
    chosen[componentId] ?? versions.byComponent.get(componentId)?.[0]?.id ?? "";
  const loading = componentIds.some((id) => versions.byComponent.get(id) === undefined) && !versions.error;
  const create = useCreateRelease();
  const navigate = useNavigate();
  const componentName = (id: string) => components.find((c) => c.id === id)?.name ?? id;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { productId: chosenProduct, name: name.trim(), versionIds: componentIds.map(versionOf).filter(Boolean) },
          {
            onSuccess: (made) => {
              onClose();
              navigate({ to: "/releases/$id", params: { id: made.id } });
            },
          },
        );
      }}
    >
      <h2>New release</h2>
      <SelectField
        label="Product"
        value={chosenProduct}
        onChange={(e) => {
          setProduct(e.target.value);
          setChosen({});
        }}
      >
        {usable.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.slug})
          </option>
        ))}
      </SelectField>
      <Field
        label="Release name"
        required
        maxLength={100}
        placeholder="2026.11"
        value={name}
        autoFocus
        onChange={(e) => setName(e.target.value)}
      />
      {product && componentIds.length === 0 && (
        <p className="muted">{product.name} is built from no component yet: its release holds no version.</p>
      )}
      {versions.error && <ErrorNote error={versions.error} />}
      {loading && <Loading what="Loading the components' versions" />}
      {componentIds.map((componentId) => {
        const list = versions.byComponent.get(componentId) ?? [];
        return (
          <SelectField
            key={componentId}
            label={`Version of ${componentName(componentId)}`}
            value={versionOf(componentId)}
            onChange={(e) => setChosen({ ...chosen, [componentId]: e.target.value })}
          >
            {list.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
            <option value="">none</option>
          </SelectField>
        );
      })}
      {create.isError && <ErrorNote error={create.error} />}
      <div className="page-actions">
        <Button
          type="submit"
          variant="primary"
          disabled={!chosenProduct || !name.trim() || loading || create.isPending}
        >
          Make the release
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
