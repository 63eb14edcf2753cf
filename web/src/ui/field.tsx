import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";

type Props = InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string };

/** A labelled input; its hint and error are tied to it for screen readers. */
export function Field({ label, hint, error, ...input }: Props) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={hint || error ? `${id}-note` : undefined}
        {...input}
      />
      {(error || hint) && (
        <small id={`${id}-note`} className={error ? "field-error" : "field-hint"}>
          {error ?? hint}
        </small>
      )}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; hint?: string; children: ReactNode };

/** A labelled select, styled and tied to its hint as Field is. */
export function SelectField({ label, hint, children, ...select }: SelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} aria-describedby={hint ? `${id}-note` : undefined} {...select}>
        {children}
      </select>
      {hint && (
        <small id={`${id}-note`} className="field-hint">
          {hint}
        </small>
      )}
    </div>
  );
}
