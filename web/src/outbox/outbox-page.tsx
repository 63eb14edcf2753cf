import { Placeholder } from "../ui/states";

/** Deliveries, retries and dead letters. */
export function OutboxPage() {
  return <Placeholder title="Outbox">Deliveries, retries and dead letters.</Placeholder>;
}
