import { Placeholder } from "../ui/states";

/** The chain through this entity, both ways. */
export function EntityTracePage() {
  return <Placeholder title="Trace">The chain through this entity, both ways.</Placeholder>;
}
