import { Placeholder } from "../ui/states";

/** Loops, members and roles, API tokens, channels, environments, users and invitations. */
export function SettingsPage() {
  return (
    <Placeholder title="Settings">
      Loops, members and roles, API tokens, channels, environments, users and invitations.
    </Placeholder>
  );
}
