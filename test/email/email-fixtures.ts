import { createTransport } from "nodemailer";
import type { EmailInConfig } from "../../src/config.js";
import type { Db } from "../../src/db/connect.js";
import { make, uniqueSlug } from "../helpers/factories.js";

/** Limits for tests: small enough to go over on purpose. */
export const emailInConfig = (overrides: Partial<EmailInConfig> = {}): EmailInConfig => ({
  smtpPort: 0,
  smtpHost: "127.0.0.1",
  maxBytes: 256 * 1024,
  attachmentMaxBytes: 1024,
  perSenderPerHour: 0,
  imapPollMs: 60_000,
  ...overrides,
});

/** A loop with an email channel receiving at a fresh address. */
export async function emailChannel(db: Db) {
  const loop = await make(db, "loop", { slug: uniqueSlug("loop"), name: "Support" });
  const address = `${uniqueSlug("support")}@acme.example`;
  const channel = await make(db, "channel", {
    loopId: loop.id,
    slug: uniqueSlug("email"),
    name: "Support email",
    kind: "email",
    config: { address },
  });
  return { loop, channel, address };
}

/** A real SMTP client (nodemailer) for the listener on loopback. */
export const smtpClient = (port: number) =>
  createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true, pool: false });

/** A unique address of a customer. */
export const customer = () => `${uniqueSlug("ana")}@globex.example`;
