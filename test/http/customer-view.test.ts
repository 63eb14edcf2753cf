import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAnswerToken } from "../../src/core/answer-link.js";
import { signCustomerToken } from "../../src/core/customer-link.js";
import { deliverDue } from "../../src/jobs/deliver-due.js";
import type { CustomerView } from "../../src/services/customer-view.js";
import { customerLinkSecretKey, getOrCreateSecret } from "../../src/services/settings.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { seedCustomerLoop } from "../helpers/customer-fixtures.js";
import { serverUrl } from "../helpers/db.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";
import { snapshotTables } from "../helpers/snapshot.js";

let app: TestApp;
let smtp: LoopbackSmtp;
let secret: Buffer;

beforeAll(async () => {
  smtp = await startLoopbackSmtp();
  app = await startTestApp();
  secret = await getOrCreateSecret(app.db, customerLinkSecretKey);
});
afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

const inADay = () => Math.floor(Date.now() / 1000) + 86_400;
const tokenOf = (contactId: string, expiresAt = inADay()) => signCustomerToken(secret, { contactId, expiresAt });
const json = { accept: "application/json" };
const viewOf = async (contactId: string) => {
  const response = await app.call<CustomerView>("GET", `/customer/${tokenOf(contactId)}`, undefined, json);
  expect(response.status).toBe(200);
  return response.body;
};
const pageOf = async (contactId: string) => {
  const response = await fetch(`${app.url}/customer/${tokenOf(contactId)}`, { headers: { accept: "text/html" } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return response.text();
};
const stagesOf = async (contactId: string) => (await viewOf(contactId)).signals.map((s) => [s.title, s.stage]);
/** Delivers the due outbox rows to the loopback SMTP server, with links pointing at the test app. */
const deliver = () =>
  deliverDue(app.db, { publicUrl: app.url, emailFrom: "Loopwork <loopwork@loop.example>", smtpUrl: smtp.url }, 50);
const mailsTo = (address: string | null) =>
  smtp.messages.filter((m) => m.to && "value" in m.to && m.to.value.some((v) => v.address === address));

describe(`the customers' own view (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("shows a contact their own signals only, and nothing internal", async () => {
    const loop = await seedCustomerLoop(app.db);
    const ana = await loop.contact("Ana");
    const bo = await loop.contact("Bo");
    const anaSignal = await loop.signal(ana.id, `Export <script>alert(1)</script> ${loop.tag}`, "Line one\nline two");
    const boShared = await loop.signal(bo.id, `Bo's secret shared title ${loop.tag}`);
    await loop.signal(bo.id, `Bo's own private title ${loop.tag}`);
    const pattern = await loop.pattern(`Exports time out ${loop.tag}`, `INTERNAL-DESCRIPTION-${loop.tag}`);
    await loop.attach(pattern, anaSignal, boShared);
    const improvement = await loop.improvement(pattern, {
      title: `INTERNAL-TITLE-${loop.tag}`,
      why: `INTERNAL-WHY-${loop.tag}`,
      what: `INTERNAL-WHAT-${loop.tag}`,
      how: `INTERNAL-HOW-${loop.tag}`,
    });
    await loop.setStatus(improvement, "approved");

    const view = await viewOf(ana.id);
    expect(view).toEqual({
      contact: { name: "Ana" },
      signals: [
        {
          id: anaSignal,
          title: `Export <script>alert(1)</script> ${loop.tag}`,
          body: "Line one\nline two",
          receivedAt: expect.any(String),
          channel: loop.channelName,
          stage: "planned",
          patterns: [{ title: `Exports time out ${loop.tag}`, stage: "planned", shipped: null }],
        },
      ],
    });
    const page = await pageOf(ana.id);
    expect(page).toContain(`Export &lt;script&gt;alert(1)&lt;/script&gt; ${loop.tag}`);
    expect(page).not.toContain("<script>");
    expect(page).toContain(`Exports time out ${loop.tag}`);
    for (const text of [JSON.stringify(view), page]) {
      expect(text).not.toContain("secret shared title");
      expect(text).not.toContain("own private title");
      expect(text).not.toContain(bo.email);
      expect(text).not.toContain(boShared);
      expect(text).not.toContain("INTERNAL-");
      expect(text).not.toContain(pattern);
      expect(text).not.toContain(improvement);
    }
  });

  it("follows a signal from received to confirmed, and another to still broken", async () => {
    const loop = await seedCustomerLoop(app.db);
    const cy = await loop.contact("Cy");
    const di = await loop.contact("Di");
    const title = `Sync loses edits ${loop.tag}`;
    const signal = await loop.signal(cy.id, title);
    const diSignal = await loop.signal(di.id, `Di: edits vanish ${loop.tag}`);
    expect(await stagesOf(cy.id)).toEqual([[title, "received"]]);

    const pattern = await loop.pattern(`Edits lost ${loop.tag}`);
    await loop.attach(pattern, signal, diSignal);
    expect(await stagesOf(cy.id)).toEqual([[title, "attached"]]);

    const improvement = await loop.improvement(pattern, { title: "Merge", why: "w", what: "w", how: "h" });
    expect(await stagesOf(cy.id)).toEqual([[title, "attached"]]);
    await loop.setStatus(improvement, "in_progress");
    expect(await stagesOf(cy.id)).toEqual([[title, "planned"]]);

    const deployed = await loop.ship(improvement);
    expect(deployed.snapback).toMatchObject({ patternsAddressed: [pattern], notificationsQueued: 2 });
    const shipped = (await viewOf(cy.id)).signals[0];
    expect(shipped).toMatchObject({
      stage: "shipped",
      patterns: [
        { stage: "shipped", shipped: { release: { product: loop.productName, name: "2026.1" }, answer: null } },
      ],
    });
    const notificationId = shipped?.patterns[0]?.shipped?.notificationId ?? "";
    expect(await pageOf(cy.id)).toContain(`name="notificationId" value="${notificationId}"`);

    // The notification email links to the view, and the link works.
    await deliver();
    const [mail] = mailsTo(cy.email);
    const link = /See everything you told us and what became of it: (\S+)/.exec(mail?.text ?? "")?.[1] ?? "";
    expect(link.startsWith(`${app.url}/customer/`)).toBe(true);
    expect((await fetch(link, { headers: json }).then((r) => r.json())).signals[0].title).toBe(title);

    // A browser posts the form: url-encoded, asking for a page.
    const answered = await fetch(`${app.url}/customer/${tokenOf(cy.id)}/answers`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({ notificationId, answer: "works" }).toString(),
    });
    expect(answered.status).toBe(200);
    expect(await answered.text()).toContain("Thank you");
    expect(await stagesOf(cy.id)).toEqual([[title, "confirmed"]]);

    const diNotification = (await viewOf(di.id)).signals[0]?.patterns[0]?.shipped?.notificationId;
    const broken = await app.call("POST", `/customer/${tokenOf(di.id)}/answers`, {
      notificationId: diNotification,
      answer: "still_broken",
    });
    expect({ status: broken.status, body: broken.body }).toEqual({
      status: 200,
      body: {
        recorded: true,
        notification: { id: diNotification, answer: "still_broken", answeredAt: expect.any(String) },
      },
    });
    expect(await stagesOf(di.id)).toEqual([[`Di: edits vanish ${loop.tag}`, "still_broken"]]);
    expect(await app.db.query("select status from patterns where id = $1", [pattern])).toEqual([{ status: "open" }]);
    // Cy said it works: their answer stands although Di reopened the pattern.
    expect(await stagesOf(cy.id)).toEqual([[title, "confirmed"]]);
  });

  it("refuses to answer another contact's notification, changing nothing", async () => {
    const loop = await seedCustomerLoop(app.db);
    const [eve, fay] = [await loop.contact("Eve"), await loop.contact("Fay")];
    const pattern = await loop.pattern(`Slow search ${loop.tag}`);
    await loop.attach(pattern, await loop.signal(eve.id, "Search is slow"), await loop.signal(fay.id, "Slow!"));
    const improvement = await loop.improvement(pattern, { title: "Index", why: "", what: "", how: "" });
    await loop.setStatus(improvement, "approved");
    await loop.ship(improvement);
    const fayNotification = (await viewOf(fay.id)).signals[0]?.patterns[0]?.shipped?.notificationId;
    expect(fayNotification).toBeTruthy();

    const before = await snapshotTables(app.db);
    for (const notificationId of [fayNotification, randomUUID()]) {
      const response = await app.call<{ error: { code: string } }>("POST", `/customer/${tokenOf(eve.id)}/answers`, {
        notificationId,
        answer: "still_broken",
      });
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe("not_found");
    }
    expect(await snapshotTables(app.db)).toEqual(before);
  });

  it("refuses altered, foreign and expired links: 401 invalid_signature, 410 link_expired", async () => {
    const loop = await seedCustomerLoop(app.db);
    const gus = await loop.contact("Gus");
    const hal = await loop.contact("Hal");
    const good = tokenOf(gus.id);
    const [, expiry, signature] = good.split(".");
    const forged = [
      `${hal.id}.${expiry}.${signature}`,
      `${gus.id}.${Number(expiry) + 1}.${signature}`,
      `${gus.id}.${expiry}.${signature?.slice(0, -2)}AA`,
      signCustomerToken(randomBytes(32), { contactId: gus.id, expiresAt: inADay() }),
      signAnswerToken(secret, { notificationId: gus.id, answer: "works", expiresAt: inADay() }),
      "garbage",
    ];
    for (const token of forged) {
      const response = await app.call<{ error: { code: string } }>("GET", `/customer/${token}`, undefined, json);
      expect([token, response.status, response.body.error.code]).toEqual([token, 401, "invalid_signature"]);
      const posted = await app.call<{ error: { code: string } }>("POST", `/customer/${token}/answers`, {
        notificationId: randomUUID(),
        answer: "works",
      });
      expect(posted.status).toBe(401);
    }
    const expired = tokenOf(gus.id, Math.floor(Date.now() / 1000) - 1);
    const gone = await app.call<{ error: { code: string } }>("GET", `/customer/${expired}`, undefined, json);
    expect([gone.status, gone.body.error.code]).toEqual([410, "link_expired"]);
    const page = await fetch(`${app.url}/customer/${expired}`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('action="/customer-links"');
  });

  it("answers alike for known and unknown emails, and sends the known one a single working link", async () => {
    const loop = await seedCustomerLoop(app.db);
    const ivy = await loop.contact("Ivy");
    const unknown = `nobody-${loop.tag}@mail.example`;
    // Everything but the date and the rate limit's count must be the same: it tells nobody who is a contact.
    const ask = async (email: string | null) => {
      const response = await fetch(`${app.url}/customer-links`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      const headers: string[] = [];
      response.headers.forEach((value, name) => {
        if (name !== "date" && !name.startsWith("x-ratelimit")) headers.push(`${name}: ${value}`);
      });
      return { status: response.status, headers, body: await response.text() };
    };
    const first = await ask(unknown);
    expect(first).toMatchObject({ status: 202, body: JSON.stringify({ status: "sent_if_known" }) });
    for (let i = 0; i < 4; i++) {
      expect(await ask(ivy.email?.toUpperCase() ?? "")).toEqual(first);
      expect(await ask(unknown)).toEqual(first);
    }
    const form = await fetch(`${app.url}/customer-links`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: new URLSearchParams({ email: unknown }).toString(),
    });
    expect(form.status).toBe(202);
    expect(await form.text()).toContain("Check your email");

    const rows = await app.db.query<{ payload: unknown }>(
      "select payload from outbox where kind = 'customer_link' and payload->>'contactId' = $1",
      [ivy.id],
    );
    // The row names the contact and nothing else: the link is signed only when the email is sent.
    expect(rows).toEqual([{ payload: { contactId: ivy.id } }]);
    await deliver();
    await deliver();
    const mails = mailsTo(ivy.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.inReplyTo).toBeUndefined();
    expect(mailsTo(unknown)).toHaveLength(0);
    const link = new RegExp(`${app.url}/customer/\\S+`).exec(mails[0]?.text ?? "")?.[0] ?? "";
    const opened = await fetch(link, { headers: json });
    expect(opened.status).toBe(200);
    expect(await opened.json()).toEqual({ contact: { name: "Ivy" }, signals: [] });
  });

  it("never answers random input with a 500", async () => {
    const loop = await seedCustomerLoop(app.db);
    const token = tokenOf((await loop.contact("Jo")).id);
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ notificationId: fc.oneof(fc.uuid(), fc.string()), answer: fc.string() }, { requiredKeys: [] }),
      fc.record({ email: fc.oneof(fc.emailAddress(), fc.string()) }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/customer/${token}/answers`, "/customer-links", `/customer/${token.slice(0, -3)}/answers`),
        body,
        fc.constantFrom("application/json", "application/x-www-form-urlencoded"),
        async (path, value, type) => {
          const payload =
            type === "application/json"
              ? JSON.stringify(value)
              : new URLSearchParams(
                  typeof value === "object" && value !== null && !Array.isArray(value)
                    ? // A form field is text: an object becomes its JSON (String() of one whose toString is not a function throws).
                      Object.entries(value).map(([key, v]) => [key, typeof v === "string" ? v : JSON.stringify(v)])
                    : [],
                ).toString();
          const response = await fetch(app.url + path, {
            method: "POST",
            headers: { "content-type": type },
            body: payload,
          });
          expect(response.status, `${path} ${payload}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 120 }), async (text) => {
        const response = await fetch(`${app.url}/customer/${encodeURIComponent(text)}`, { headers: json });
        expect(response.status, text).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });
});
