import { Placeholder } from "../ui/states";

/** The improvements board, by status. */
export function ImprovementsPage() {
  return <Placeholder title="Improvements">The improvements board, by status.</Placeholder>;
}
