import { useNavigate } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { Button } from "../ui/button";
import { type EntityType, entityWords } from "../ui/entity";
import { PageHeader } from "../ui/states";
import "./trace.css";
import { type Traceable, traceable } from "./use-trace";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The pages whose link names what they show: a link pasted whole is traced as that, whatever is chosen. */
const pages = new Map<string, Traceable>([
  ["signals", "signal"],
  ["patterns", "pattern"],
  ["improvements", "improvement"],
  ["releases", "release"],
  ["deployments", "deployment"],
]);

function linkedType(text: string): Traceable | undefined {
  const path = text.match(/\/app\/(?:trace\/([a-z_]+)|([a-z]+))\/[0-9a-f]{8}-/i);
  const named = path?.[1] ?? "";
  return traceable.find((t) => t === named) ?? pages.get(path?.[2] ?? "");
}

/** Where a trace starts: a type and an id (or a workspace link pasted whole). Every page also links its own. */
export function TracePage() {
  const navigate = useNavigate();
  const [type, setType] = useState<Traceable>("signal");
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i)?.[0];
    if (!id || !uuid.test(id)) {
      setError("Paste an id (a UUID) or a link to the item's page.");
      return;
    }
    navigate({ to: "/trace/$type/$id", params: { type: linkedType(text) ?? type, id } });
  };
  return (
    <section>
      <PageHeader title="Trace" />
      <p className="muted">
        The chain through any item, both ways: signal → pattern → improvement → issue → pull request → version → release
        → deployment, and who was told. Every signal, pattern, improvement and deployment page links its own.
      </p>
      <form className="trace-form" onSubmit={submit} noValidate>
        <label>
          Start from
          <select value={type} onChange={(e) => setType(e.target.value as Traceable)}>
            {traceable.map((t) => (
              <option key={t} value={t}>
                {entityWords[t as EntityType]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Its id or link
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "trace-error" : undefined}
          />
        </label>
        <Button type="submit" variant="primary">
          Trace
        </Button>
      </form>
      {error && (
        <p id="trace-error" className="error-note" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
