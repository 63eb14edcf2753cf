import type { Route } from "../route.js";
import { accountRoutes } from "./accounts.js";
import { channelHealthRoutes } from "./channel-health.js";
import { channelWebhookRoutes } from "./channel-webhook.js";
import { conversationRoutes } from "./conversations.js";
import { customerViewRoutes } from "./customer-view.js";
import { deliveryRoutes } from "./delivery.js";
import { forumWebhookRoutes } from "./forum-webhook.js";
import { githubRoutes } from "./github-webhook.js";
import { loopStepRoutes } from "./loop-steps.js";
import { matchingRoutes } from "./matching.js";
import { patternMoveRoutes } from "./pattern-moves.js";
import { patternListRoutes } from "./patterns.js";
import { resourceRoutes } from "./resources.js";
import { searchRoutes } from "./search.js";
import { timelineRoutes } from "./timeline.js";
import { webhookSubscriptionRoutes } from "./webhook-subscriptions.js";
import { widgetRoutes } from "./widget.js";

/** Every route of the API, in the order the OpenAPI document lists them. */
export function allRoutes(): Route[] {
  return [
    ...timelineRoutes(),
    ...accountRoutes(),
    ...resourceRoutes(),
    ...patternListRoutes(),
    ...patternMoveRoutes(),
    ...searchRoutes(),
    ...matchingRoutes(),
    ...loopStepRoutes(),
    ...conversationRoutes(),
    ...deliveryRoutes(),
    ...webhookSubscriptionRoutes(),
    ...channelHealthRoutes(),
    ...channelWebhookRoutes(),
    ...githubRoutes(),
    ...forumWebhookRoutes(),
    ...widgetRoutes(),
    ...customerViewRoutes(),
  ];
}
