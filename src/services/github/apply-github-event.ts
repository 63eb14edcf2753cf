import type { z } from "zod";
import type { Db } from "../../db/connect.js";
import type { GithubChannel } from "../../integrations/github/channel.js";
import {
  createEvent,
  deploymentEvent,
  deploymentStatusEvent,
  isGithubBot,
  issueCommentEvent,
  issuesEvent,
  pullRequestEvent,
  pushEvent,
  releaseEvent,
} from "../../integrations/github/payloads.js";
import { recordChannelRefusal } from "../record-channel-refusal.js";
import { applyComponentIssue, isLoopworkIssue } from "./apply-component-issue.js";
import { applyDeployment } from "./apply-deployment.js";
import { applyFeedbackComment, ignoreBot, signalOfIssue } from "./apply-feedback-issue.js";
import { applyPullRequest } from "./apply-pull-request.js";
import { applyTag } from "./apply-version.js";

/**
 * Applies one verified GitHub delivery to the loop, through the services that own each write (so the
 * timeline, the outbox and deployment truth stay right). Returns what it did, or why it did nothing:
 * an event of another repository than the channel's, an action or a role Loopwork does not map. Every
 * mapping is idempotent: a retry after a crash applies what is missing and nothing twice.
 */
export async function applyGithubEvent(db: Db, channel: GithubChannel, event: string, body: unknown): Promise<string> {
  try {
    return await applyOnce(db, channel, event, body);
  } catch (error) {
    // A repository's deliveries are applied side by side, and GitHub sends several at once for one
    // change (a release: `create` of the tag, `push` of it, `release`; a new person's issue and comment):
    // a concurrent delivery may just have made the contact, version or release this one was making, and
    // the unique key refused the second. Applied again, this one finds it.
    if ((error as { code?: string }).code !== "23505") throw error;
    return applyOnce(db, channel, event, body);
  }
}

async function applyOnce(db: Db, channel: GithubChannel, event: string, body: unknown): Promise<string> {
  const actor = `channel:${channel.id}`;
  const read = <T extends z.ZodType>(schema: T): z.infer<T> | undefined => {
    const parsed = schema.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  };
  const repository = (body as { repository?: { full_name?: unknown } }).repository?.full_name;
  if (typeof repository !== "string" || repository.toLowerCase() !== channel.repository.toLowerCase()) {
    const ignored = `an event of ${String(repository)}, not of the channel's repository ${channel.repository}`;
    // Another repository's events arrive when the repository was renamed or transferred (GitHub keeps the
    // webhook): every event is ignored from then on, which the channel's health must say.
    if (typeof repository === "string") {
      await recordChannelRefusal(
        db,
        channel.id,
        "github_other_repository",
        `Ignored ${ignored}: was it renamed or transferred? Set the channel's repository to it.`,
      );
    }
    return `ignored: ${ignored}`;
  }
  const feedback = channel.role === "feedback";
  switch (event) {
    case "issues": {
      const payload = read(issuesEvent);
      if (!payload) return "ignored: not an issues payload";
      if (!feedback) return applyComponentIssue(db, actor, channel, payload.action, payload.issue);
      if (payload.action !== "opened" || payload.issue.pull_request) return `ignored: issues ${payload.action}`;
      // A repository that is both a component's and a feedback channel: the issue Loopwork opened for an
      // approved improvement is the team's work, not a person's report (snapback would answer it itself).
      if (isLoopworkIssue(payload.issue)) return "ignored: Loopwork's own issue";
      if (isGithubBot(payload.issue.user)) return ignoreBot(db, channel, payload.issue.user.login, "issue");
      return `signal ${(await signalOfIssue(db, actor, channel, payload.issue)).id}`;
    }
    case "issue_comment": {
      const payload = read(issueCommentEvent);
      if (!payload) return "ignored: not an issue_comment payload";
      if (!feedback) return "ignored: comments on a component repository";
      if (isLoopworkIssue(payload.issue)) return "ignored: a comment on Loopwork's own issue";
      return applyFeedbackComment(db, actor, channel, payload);
    }
    case "pull_request": {
      const payload = read(pullRequestEvent);
      if (!payload) return "ignored: not a pull_request payload";
      if (feedback) return "ignored: pull requests of a feedback repository";
      return applyPullRequest(db, actor, channel, payload.action, payload.pull_request);
    }
    case "release": {
      const payload = read(releaseEvent);
      if (!payload || feedback) return "ignored: not a component's release";
      if (payload.release.draft || !["published", "released", "created"].includes(payload.action)) {
        return `ignored: release ${payload.action}`;
      }
      return applyTag(db, actor, channel, payload.release.tag_name);
    }
    case "create": {
      const payload = read(createEvent);
      if (!payload || feedback || payload.ref_type !== "tag") return "ignored: not a component's tag";
      return applyTag(db, actor, channel, payload.ref);
    }
    case "push": {
      const payload = read(pushEvent);
      if (!payload || feedback || !payload.ref.startsWith("refs/tags/") || payload.deleted) {
        return "ignored: not a component's new tag";
      }
      return applyTag(db, actor, channel, payload.ref.slice("refs/tags/".length));
    }
    case "deployment": {
      const payload = read(deploymentEvent);
      if (!payload || feedback) return "ignored: not a component's deployment";
      return applyDeployment(db, actor, channel, payload.deployment, "pending");
    }
    case "deployment_status": {
      const payload = read(deploymentStatusEvent);
      if (!payload || feedback) return "ignored: not a component's deployment status";
      return applyDeployment(db, actor, channel, payload.deployment, payload.deployment_status.state);
    }
    default:
      return `ignored: event ${event}`;
  }
}
