import { Placeholder } from "../ui/states";

/** An improvement: why, what, how, its issues and trace. */
export function ImprovementPage() {
  return <Placeholder title="Improvement">An improvement: why, what, how, its issues and trace.</Placeholder>;
}
