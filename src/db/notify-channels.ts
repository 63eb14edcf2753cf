/** The NOTIFY channel that tells live subscribers which committed transactions wrote timeline events. */
export const timelineChannel = "loopwork_timeline";
/** The NOTIFY channel that wakes delivery workers when the outbox has new work. */
export const outboxChannel = "loopwork_outbox";
