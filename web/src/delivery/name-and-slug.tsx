import { useState } from "react";
import { Field } from "../ui/field";
import { slugOf } from "./slug";

/**
 * A new product's or component's name and slug: the slug follows the name ("Café Crème" → cafe-creme)
 * until the person types one of their own.
 */
export function NameAndSlug(props: {
  value: { name: string; slug: string };
  onChange: (value: { name: string; slug: string }) => void;
}) {
  const { value, onChange } = props;
  const [slugTouched, setSlugTouched] = useState(false);
  return (
    <>
      <Field
        label="Name"
        required
        maxLength={200}
        value={value.name}
        autoFocus
        onChange={(e) => onChange({ name: e.target.value, slug: slugTouched ? value.slug : slugOf(e.target.value) })}
      />
      <Field
        label="Slug"
        required
        maxLength={80}
        value={value.slug}
        hint="How the CLI and the API name it: lowercase letters, digits and dashes."
        onChange={(e) => {
          setSlugTouched(true);
          onChange({ name: value.name, slug: e.target.value });
        }}
      />
    </>
  );
}

/**
 * An existing product's or component's name, and its slug, which stays: the CLI, the API and pipelines
 * (`loopwork deploy --release web@2.0.0`) name it by that.
 */
export function NameOfSlug(props: { name: string; slug: string; onChange: (name: string) => void }) {
  return (
    <>
      <Field
        label="Name"
        required
        maxLength={200}
        value={props.name}
        autoFocus
        onChange={(e) => props.onChange(e.target.value)}
      />
      <p className="muted">
        Slug <code>{props.slug}</code>: it stays, as the CLI, the API and pipelines name it.
      </p>
    </>
  );
}
