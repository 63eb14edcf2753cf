import { Placeholder } from "../ui/states";

/** The loop at a glance: top patterns, signals waiting, improvements, releases and deployments. */
export function HomePage() {
  return (
    <Placeholder title="Home">
      The loop at a glance: top patterns, signals waiting, improvements, releases and deployments.
    </Placeholder>
  );
}
