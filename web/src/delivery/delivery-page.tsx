import { Placeholder } from "../ui/states";

/** Products, components, versions, releases and deployments per environment. */
export function DeliveryPage() {
  return (
    <Placeholder title="Delivery">
      Products, components, versions, releases and deployments per environment.
    </Placeholder>
  );
}
