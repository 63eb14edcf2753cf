import { Webhooks } from "@octokit/webhooks";

/**
 * Whether X-Hub-Signature-256 ("sha256=<hex HMAC of the raw body>") is GitHub's signature of these
 * exact bytes under the channel's secret: @octokit/webhooks compares in constant time. GitHub signs no
 * timestamp, so a captured delivery verifies forever: X-GitHub-Delivery dedup makes a replay harmless.
 */
export async function verifyGithubSignature(
  secret: string,
  raw: Buffer,
  signature: string | undefined,
): Promise<boolean> {
  if (!signature?.startsWith("sha256=") || raw.length === 0) return false;
  try {
    return await new Webhooks({ secret }).verify(raw.toString("utf8"), signature);
  } catch {
    return false;
  }
}
