import { Placeholder } from "../ui/states";

/** A signal: its text, contact, channel and patterns. */
export function SignalPage() {
  return <Placeholder title="Signal">A signal: its text, contact, channel and patterns.</Placeholder>;
}
