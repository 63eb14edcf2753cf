import { Placeholder } from "../ui/states";

/** Signals not yet attached to any pattern. */
export function TriagePage() {
  return <Placeholder title="Triage">Signals not yet attached to any pattern.</Placeholder>;
}
