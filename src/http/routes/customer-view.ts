import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { type Answer, answers } from "../../core/answer-link.js";
import { verifyCustomerToken } from "../../core/customer-link.js";
import { AppError, httpStatus } from "../../core/errors.js";
import { uuid } from "../../core/uuid.js";
import type { Db } from "../../db/connect.js";
import { answerFromCustomerView, customerView } from "../../services/customer-view.js";
import { requestCustomerLink } from "../../services/request-customer-link.js";
import { resources } from "../../services/resources.js";
import { sendCustomerLink } from "../../services/send-customer-link.js";
import { customerLinkSecretKey, getOrCreateSecret } from "../../services/settings.js";
import { routeAnswers } from "../answers.js";
import { hiddenFrom, ownersOf, requireRole } from "../authorize.js";
import { type Route, route } from "../route.js";
import {
  customerPagePolicy,
  renderCustomerView,
  renderLinkRequested,
  renderProblem,
  renderThanks,
} from "./customer-view-page.js";

const token = z.object({ token: z.string().min(1).max(300) });

// A browser (Accept: text/html) gets a page; a program asking for JSON (and not HTML) gets JSON.
const wantsHtml = (request: FastifyRequest) => request.headers.accept?.includes("text/html") ?? false;
const wantsJson = (request: FastifyRequest) => !wantsHtml(request) && !!request.headers.accept?.includes("json");

/** The contact a customer link names, once its signature and expiry are checked. */
async function contactOf(db: Db, value: string): Promise<string> {
  const secret = await getOrCreateSecret(db, customerLinkSecretKey);
  return verifyCustomerToken(secret, value, Date.now()).contactId;
}

function sendPage(reply: FastifyReply, html: string, status = 200) {
  return reply
    .code(status)
    .header("content-security-policy", customerPagePolicy)
    .type("text/html; charset=utf-8")
    .send(html);
}

/** For a browser, an error becomes a page with the same status; for a program, the usual JSON error. */
async function asPage(request: FastifyRequest, reply: FastifyReply, run: () => Promise<unknown>) {
  // The answers are about one person: no cache (a shared computer, a proxy) may keep them.
  reply.header("cache-control", "no-store");
  try {
    return await run();
  } catch (error) {
    if (!wantsHtml(request) || !(error instanceof AppError)) throw error;
    const linkProblem = error.code === "invalid_signature" || error.code === "link_expired";
    return sendPage(reply, renderProblem(error.message, linkProblem), httpStatus[error.code]);
  }
}

/**
 * The customers' own view (issue #3, docs/SECURITY.md): public routes whose credential is the signed
 * link in the path. They show a contact only their own signals, and never say whether an email is known.
 * Beside them, the builders' way to send a contact that link, under their own name.
 */
export function customerViewRoutes(): Route[] {
  return [
    route({
      method: "GET",
      url: "/customer/:token",
      page: true,
      summary: "A contact's own signals and what became of each (a page; JSON with Accept: application/json)",
      tag: "customers",
      access: "public",
      params: token,
      raw: true,
      operationId: "getCustomerView",
      response: routeAnswers.customerView,
      media: ["text/html"],
      handler: async ({ params, request, reply }, { db }) =>
        asPage(request, reply, async () => {
          const view = await customerView(db, await contactOf(db, params.token));
          if (wantsJson(request)) return reply.send(view);
          return sendPage(reply, renderCustomerView(view, params.token));
        }),
    }),
    route({
      method: "POST",
      form: true,
      url: "/customer/:token/answers",
      page: true,
      summary: "Answer 'works' or 'still broken' about one of the contact's own notifications",
      tag: "customers",
      access: "public",
      params: token,
      operationId: "answerFromCustomerView",
      response: routeAnswers.customerAnswer,
      media: ["text/html"],
      body: z.strictObject({ notificationId: uuid(), answer: z.enum(answers as [Answer, ...Answer[]]) }),
      handler: async ({ params, body, request, reply }, { db }) =>
        asPage(request, reply, async () => {
          const contactId = await contactOf(db, params.token);
          const result = await answerFromCustomerView(db, contactId, body.notificationId, body.answer);
          return wantsHtml(request) ? sendPage(reply, renderThanks(params.token)) : result;
        }),
    }),
    route({
      method: "POST",
      form: true,
      url: "/customer-links",
      page: true,
      summary: "Email a fresh link to their own view to the contact with this address, if there is one",
      tag: "customers",
      access: "public",
      guessable: true,
      status: 202,
      operationId: "requestCustomerLink",
      response: routeAnswers.linkRequested,
      media: ["text/html"],
      body: z.strictObject({ email: z.email().max(320) }),
      handler: async ({ body, request, reply }, { db }) => {
        await requestCustomerLink(db, body.email);
        // The same answer whether or not the address is known: nobody learns who is a contact.
        if (wantsHtml(request)) return sendPage(reply, renderLinkRequested(), 202);
        return { status: "sent_if_known" };
      },
    }),
    route({
      method: "POST",
      url: "/contacts/:id/customer-link",
      summary:
        "Email a contact a fresh link to their own view, as the builder who asks (at most one such email per contact every 10 minutes)",
      tag: "contacts",
      access: "change",
      params: z.object({ id: uuid() }),
      status: 202,
      // One went to them within the interval (whoever asked): nothing queued, that one named.
      existingStatus: 200,
      operationId: "sendCustomerLink",
      response: routeAnswers.customerLinkSent,
      // 409 unreachable: the contact has no email address.
      errors: [409],
      // Contacts are shared (any builder changes them), as for PATCH /contacts/:id.
      authorize: async ({ params, principal }, db) =>
        requireRole(
          principal,
          await ownersOf(db, resources.contact, params.id, "params.id"),
          "builder",
          hiddenFrom(resources.contact, params.id),
        ),
      handler: async ({ params, actor, reply }, { db }) => {
        const sent = await sendCustomerLink(db, actor, params.id);
        return reply.code(sent.status === "queued" ? 202 : 200).send(sent);
      },
    }),
  ];
}
