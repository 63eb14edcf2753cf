/**
 * The event types an outgoing webhook may subscribe to, each the timeline event it is made from (an
 * entity type and a verb). Subscribers rely on these names: add types, never rename them.
 */
export const eventTypes = {
  "signal.created": { entityType: "signal", verb: "created" },
  "pattern.addressed": { entityType: "pattern", verb: "address" },
  "pattern.reopened": { entityType: "pattern", verb: "reopen" },
  "improvement.completed": { entityType: "improvement", verb: "complete" },
  "version.created": { entityType: "version", verb: "created" },
  "release.created": { entityType: "release", verb: "created" },
  "deployment.succeeded": { entityType: "deployment", verb: "succeed" },
  "deployment.failed": { entityType: "deployment", verb: "fail" },
  "deployment.rolled_back": { entityType: "deployment", verb: "roll_back" },
} as const satisfies Record<string, { entityType: string; verb: string }>;

/** The name of an event type, e.g. "version.created". */
export type EventType = keyof typeof eventTypes;
export const eventTypeNames = Object.keys(eventTypes) as [EventType, ...EventType[]];

/** The event type a timeline event is, or undefined when no subscriber can ask for it. */
export function eventTypeOf(entityType: string, verb: string): EventType | undefined {
  return eventTypeNames.find((name) => eventTypes[name].entityType === entityType && eventTypes[name].verb === verb);
}
