import { Placeholder } from "../ui/states";

/** A contact: their signals, what shipped for them, what they were asked and answered. */
export function ContactPage() {
  return (
    <Placeholder title="Contact">
      A contact: their signals, what shipped for them, what they were asked and answered.
    </Placeholder>
  );
}
