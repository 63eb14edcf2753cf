import { Placeholder } from "../ui/states";

/** Contacts: the people behind the signals. */
export function PeoplePage() {
  return <Placeholder title="People">Contacts: the people behind the signals.</Placeholder>;
}
