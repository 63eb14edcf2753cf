import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { isIP } from "node:net";
import { Agent } from "undici";
import { isPrivateAddress } from "../../core/network-address.js";

/** A webhook target refused because it resolves to a private, loopback or link-local address (SSRF). */
export class TargetRefused extends Error {
  constructor(host: string, address: string, message?: string) {
    super(
      message ??
        `Refused to call ${host}: it resolves to ${address}, a private, loopback or link-local address. ` +
          "An administrator may allow it with the channel's allowPrivateNetwork setting.",
    );
    this.name = "TargetRefused";
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Checks the addresses a host resolves to at the moment the connection is made — not before, so a DNS
 * answer that changes between a check and the connection (rebinding) cannot slip through.
 */
function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((entry) => isPrivateAddress(entry.address));
    if (refused) return callback(new TargetRefused(hostname, refused.address), []);
    const wantsAll = (options as { all?: boolean }).all;
    if (wantsAll) return callback(null, addresses);
    const [first] = addresses;
    callback(null, first?.address ?? "", first?.family);
  });
}

const guarded = new Agent({ connect: { lookup: guardedLookup } });
const open = new Agent();

/** The connection pool for a webhook call: guarded unless the channel's owner allowed private targets. */
export function webhookDispatcher(url: URL, allowPrivateNetwork: boolean): Agent {
  // The API takes http(s) URLs only; one stored before it checked is refused here, whatever is allowed.
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetRefused(url.host, "", `Refused to call a ${url.protocol} URL: webhooks go to http or https only.`);
  }
  if (allowPrivateNetwork) return open;
  // An IP literal is connected to without any lookup: check it here.
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(host) && isPrivateAddress(host)) throw new TargetRefused(url.hostname, host);
  return guarded;
}
