import { Placeholder } from "../ui/states";

/** The chain through any entity, both ways. */
export function TracePage() {
  return <Placeholder title="Trace">The chain through any entity, both ways.</Placeholder>;
}
