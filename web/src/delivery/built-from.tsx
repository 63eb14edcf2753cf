import type { Component } from "./use-delivery";

/**
 * "Built from": the components a product is built from, each a checkbox (the new-product and
 * edit-product dialogs). Nothing is shown when no component is offered.
 */
export function BuiltFrom(props: {
  offered: Component[];
  chosen: ReadonlySet<string>;
  onChange: (chosen: Set<string>) => void;
}) {
  if (props.offered.length === 0) return null;
  const toggle = (id: string) => {
    const next = new Set(props.chosen);
    if (!next.delete(id)) next.add(id);
    props.onChange(next);
  };
  return (
    <fieldset className="field">
      <legend>Built from</legend>
      {props.offered.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={props.chosen.has(c.id)} onChange={() => toggle(c.id)} /> {c.name}{" "}
          <span className="muted">({c.slug})</span>
        </label>
      ))}
    </fieldset>
  );
}
