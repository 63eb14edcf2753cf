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
