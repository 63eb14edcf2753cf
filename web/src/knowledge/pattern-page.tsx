import { Placeholder } from "../ui/states";

/** A pattern: its signals, contacts, improvements and timeline. */
export function PatternPage() {
  return <Placeholder title="Pattern">A pattern: its signals, contacts, improvements and timeline.</Placeholder>;
}
