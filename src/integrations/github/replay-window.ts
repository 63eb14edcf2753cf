/**
 * How long a GitHub delivery is refused as a replay, and how. GitHub signs neither a timestamp nor
 * X-GitHub-Delivery, so a captured delivery verifies forever. Inside the window the channel refuses the
 * same body by its SHA-256 (github_delivery_bodies); past it, by the time the signed body itself names for
 * its change (`changedAtOf`): an event older than the window is stale. GitHub redelivers on request for
 * 3 days only, so no delivery GitHub sends is that old.
 */
export const githubReplayWindowDays = 30;

/**
 * Days a body's hash is kept: one more than the window, so that a body's change (by GitHub's clock,
 * before it was received) is past the window before its hash is forgotten, whatever the clocks' skew
 * under a day.
 */
export const githubBodyHashDays = githubReplayWindowDays + 1;
