import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli.js";
import { customer, emailInConfig, smtpClient } from "../email/email-fixtures.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";
import { uniqueSlug } from "../helpers/factories.js";
import { type LoopbackSmtp, startLoopbackSmtp } from "../helpers/loopback-smtp.js";

let app: TestApp;
let outgoing: LoopbackSmtp;
let loopId: string;
let channelId: string;
const address = `${uniqueSlug("help")}@acme.example`;

beforeAll(async () => {
  outgoing = await startLoopbackSmtp();
  app = await startTestApp({
    roles: { web: true, worker: true },
    smtpUrl: outgoing.url,
    emailFrom: "Acme Support <loopwork@acme.example>",
    emailIn: emailInConfig(),
  });
  loopId = String((await app.call("POST", "/loops", { slug: uniqueSlug("loop"), name: "Support" })).body.id);
  channelId = String(
    (
      await app.call("POST", "/channels", {
        loopId,
        slug: uniqueSlug("email"),
        name: "Help",
        kind: "email",
        config: { address },
      })
    ).body.id,
  );
});
afterAll(async () => {
  await app?.stop();
  await outgoing?.close();
});

type Entry = { id: string; direction: string; status: string; body: string; externalId: string | null; type: string };

describe(`a signal's conversation by email (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("goes round: email in → signal → builder's reply in the thread → the customer's answer joins it", async () => {
    const ana = customer();
    const client = smtpClient(Number(app.smtpInPort));
    const opening = await client.sendMail({
      from: `Ana Lima <${ana}>`,
      to: address,
      subject: "Export fails",
      text: "The CSV export times out.",
    });
    const found = await app.call<{ items: { id: string; title: string; channelId: string }[] }>(
      "GET",
      `/signals?channelId=${channelId}`,
    );
    const signal = found.body.items.find((s) => s.title === "Export fails");
    expect(signal).toBeDefined();

    const replied = await app.call<Entry>("POST", `/signals/${signal?.id}/replies`, {
      body: "Thanks Ana, we are on it.\n\nCould you tell us how many rows?",
    });
    expect(replied.status).toBe(202);
    expect(replied.body).toMatchObject({ direction: "out", status: "queued", type: "message" });

    await expect.poll(() => outgoing.messages.length, { timeout: 15_000 }).toBe(1);
    const sent = outgoing.messages[0];
    expect(sent?.subject).toBe("Re: Export fails");
    expect(sent?.inReplyTo).toBe(opening.messageId);
    expect(sent?.references).toBe(opening.messageId);
    expect(sent?.from?.value[0]?.address).toBe(address);
    expect(sent?.to && !Array.isArray(sent.to) ? sent.to.value[0]?.address : undefined).toBe(ana);
    expect(sent?.messageId).toBe(replied.body.externalId);
    expect(sent?.headers.has("auto-submitted")).toBe(false);

    await client.sendMail({
      from: ana,
      to: address,
      subject: "Re: Export fails",
      inReplyTo: sent?.messageId,
      references: [opening.messageId, sent?.messageId ?? ""],
      text: `About 40,000 rows.\n\nOn Tue, Acme Support <${address}> wrote:\n> Thanks Ana, we are on it.\n`,
    });
    await expect
      .poll(async () => {
        const conversation = await app.call<{ items: Entry[] }>("GET", `/signals/${signal?.id}/conversation`);
        return conversation.body.items.map((e) => [e.direction, e.status, e.body]);
      })
      .toEqual([
        ["in", "received", "The CSV export times out."],
        ["out", "sent", "Thanks Ana, we are on it.\n\nCould you tell us how many rows?"],
        ["in", "received", "About 40,000 rows."],
      ]);
    // One signal: the replies joined it.
    const after = await app.call<{ items: unknown[] }>("GET", `/signals?channelId=${channelId}`);
    expect(after.body.items).toHaveLength(1);

    // The same from the CLI: a reply, then the conversation as a person reads it.
    const reply = await runCli(app.url, ["signal", "reply", String(signal?.id), "--body", "Fixed for 40,000 rows."], {
      token: app.adminToken,
    });
    expect(reply.stdout).toContain(`to signal ${signal?.id}`);
    await expect.poll(() => outgoing.messages.length, { timeout: 15_000 }).toBe(2);
    expect(outgoing.messages[1]?.references).toEqual([opening.messageId, sent?.messageId, expect.any(String)]);
    const shown = await runCli(app.url, ["signal", "conversation", String(signal?.id)], { token: app.adminToken });
    expect(shown.stdout.split("\n").filter((l) => /^(<-|->)/.test(l))).toHaveLength(4);
    expect(shown.stdout).toContain("   About 40,000 rows.");
  });

  it("refuses a reply with nowhere to go (unreachable), to no signal (not_found), or empty (invalid_input)", async () => {
    const signal = await app.call("POST", "/signals", { channelId, title: "Said at a fair, no address" });
    const unreachable = await app.call("POST", `/signals/${signal.body.id}/replies`, { body: "Hello" });
    expect(unreachable.status).toBe(409);
    expect(unreachable.body).toMatchObject({ error: { code: "unreachable" } });
    const none = await app.call("POST", "/signals/01890a5d-ac96-774b-bcce-b302099a8057/replies", { body: "Hello" });
    expect(none.status).toBe(404);
    const empty = await app.call("POST", `/signals/${signal.body.id}/replies`, { body: "  " });
    expect(empty.body).toMatchObject({ error: { code: "invalid_input" } });
  });
});
