import { Placeholder } from "../ui/states";

/** A deployment: what its snapback did and who was told. */
export function DeploymentPage() {
  return <Placeholder title="Deployment">A deployment: what its snapback did and who was told.</Placeholder>;
}
