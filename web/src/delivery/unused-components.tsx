import { Button } from "../ui/button";
import type { Component } from "./use-delivery";

/**
 * The components no product is built from yet, each with its Edit for who may change it (any builder):
 * a product's table lists only its own, so these would be nowhere else until a product takes them.
 */
export function UnusedComponents({
  components,
  mayEdit,
  onEdit,
}: {
  components: Component[];
  mayEdit: (component: Component) => boolean;
  onEdit: (component: Component) => void;
}) {
  if (components.length === 0) return null;
  return (
    <section aria-labelledby="unused-components">
      <h3 id="unused-components">Not in any product yet</h3>
      <ul>
        {components.map((c) => (
          <li key={c.id}>
            {c.name} <span className="muted">({c.slug})</span>
            {mayEdit(c) && (
              <Button className="button-inline" aria-label={`Edit component ${c.name}`} onClick={() => onEdit(c)}>
                Edit
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
