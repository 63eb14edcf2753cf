/**
 * The feedback widget's rules: which pages may post to a widget channel, what a submission's signal is
 * called, and when a submission looks sent by a program rather than typed by a person.
 */

/** The origin ("https://host[:port]") of a URL, or undefined when it is not an http(s) URL. */
export function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a page at `origin` (the request's Origin header) may post to a channel allowing `allowed`. */
export function originAllowed(allowed: readonly string[], origin: string | undefined): boolean {
  if (!origin) return false;
  const asked = originOf(origin);
  return asked !== undefined && allowed.some((a) => originOf(a) === asked);
}

/** A person needs a few seconds to write a message: a form sent faster was filled in by a program. */
export const fastestHumanMs = 2_000;

/**
 * Why a submission looks automated, or undefined when it looks like a person's: the field hidden from
 * people was filled in, or the form was sent less than fastestHumanMs after it was opened.
 */
export function automatedReason(
  submission: { website?: string; openedAt?: number },
  nowMs: number,
): string | undefined {
  if (submission.website && submission.website.trim() !== "") return "the hidden field was filled in";
  if (submission.openedAt !== undefined && nowMs - submission.openedAt < fastestHumanMs) {
    return "the form was sent faster than a person can type";
  }
  return undefined;
}
