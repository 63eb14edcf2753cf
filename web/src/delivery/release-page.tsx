import { Placeholder } from "../ui/states";

/** A release and where it runs. */
export function ReleasePage() {
  return <Placeholder title="Release">A release and where it runs.</Placeholder>;
}
