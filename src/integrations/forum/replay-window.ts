/**
 * How long a Discourse event is remembered, and what is refused past that. Discourse signs the body only:
 * neither a timestamp nor X-Discourse-Event-Id, so a captured delivery verifies forever, under any event
 * id. The channel keeps the event ids it took (forum_events) for `forumEventDays`, and the topic and post
 * ids make a repeat inside that time change nothing; past it, a delivery is refused by the time its signed
 * body names for the topic or post it carries (`createdAt` of discourse-payload.ts): an event older than
 * the window is stale.
 */
export const forumReplayWindowDays = 30;

/**
 * Days an event id is kept: one more than the window, so that an event's topic or post (made by the
 * forum's clock, before the event was received) is past the window before its id is forgotten, whatever
 * the clocks' skew under a day.
 */
export const forumEventDays = forumReplayWindowDays + 1;
