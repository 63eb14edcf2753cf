import { Placeholder } from "../ui/states";

/** Patterns ranked by priority. */
export function PatternsPage() {
  return <Placeholder title="Knowledge base">Patterns ranked by priority.</Placeholder>;
}
