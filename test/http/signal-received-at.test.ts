import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopWithChannel } from "../helpers/api.js";
import { startTestApp, type TestApp } from "../helpers/app.js";
import { serverUrl } from "../helpers/db.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => app?.stop());

type Answer = { id: string; receivedAt: string; error?: { code: string; path: string; message: string } };

describe(`a signal's receivedAt (${serverUrl ? "postgres" : "pglite"})`, () => {
  it("reads back the time sent, from 1970 on, and refuses an earlier one (year 0050 came back as 1950)", async () => {
    const { channel } = await loopWithChannel(app);
    for (const at of ["1970-01-01T00:00:00.000Z", "2000-02-29T12:00:00.000Z"]) {
      const made = await app.call<Answer>("POST", "/signals", { channelId: channel.id, title: "Old", receivedAt: at });
      expect(made.status).toBe(201);
      expect(made.body.receivedAt).toBe(at);
      expect((await app.call<Answer>("GET", `/signals/${made.body.id}`)).body.receivedAt).toBe(at);
    }
    const ancient = await app.call<Answer>("POST", "/signals", {
      channelId: channel.id,
      title: "Ancient",
      receivedAt: "0050-06-01T00:00:00Z",
    });
    expect(ancient.status).toBe(400);
    expect(ancient.body.error).toMatchObject({ code: "invalid_input", path: "body.receivedAt" });
    expect(ancient.body.error?.message).toContain("before 1970-01-01T00:00:00Z");
  });
});
