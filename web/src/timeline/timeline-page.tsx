import { Placeholder } from "../ui/states";

/** Every change, live. */
export function TimelinePage() {
  return <Placeholder title="Timeline">Every change, live.</Placeholder>;
}
