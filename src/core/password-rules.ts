/** The shortest password a person may choose. */
export const minPasswordLength = 12;

/** zxcvbn's score (0–4) a password must reach: 3 is "safely unguessable", about 10^8 guesses or more. */
const minScore = 3;

type Strength = (password: string, userInputs: string[]) => { score: number; warning: string | null };

let strength: Promise<Strength> | undefined;

/**
 * zxcvbn-ts with its common-password list (about 30,000 from leaks) and English words and names,
 * loaded on first use (its dictionaries take half a second to read; a server that never sets a
 * password never pays for them). Offline: nothing is fetched.
 */
function loadStrength(): Promise<Strength> {
  strength ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import("@zxcvbn-ts/core"),
      import("@zxcvbn-ts/language-common"),
      import("@zxcvbn-ts/language-en"),
    ]);
    const zxcvbn = new ZxcvbnFactory({
      translations: en.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...en.dictionary },
    });
    return (password, userInputs) => {
      const result = zxcvbn.check(password, userInputs);
      return { score: result.score, warning: result.feedback.warning };
    };
  })();
  return strength;
}

/** What of the person a password must not contain: their email, its local part, their name and its words. */
function personalParts(person: { email: string; name: string }): string[] {
  const email = person.email.trim().toLowerCase();
  const local = email.split("@")[0] ?? "";
  const name = person.name.trim().toLowerCase();
  const words = name.split(/[\s.,'-]+/).filter((word) => word.length >= 4);
  return [email, local, name.replace(/\s+/g, ""), name, ...words].filter((part) => part.length >= 4);
}

/**
 * Why a person may not choose this password, or undefined when they may: too short, only spaces,
 * containing their own email or name, or too easy to guess (a common password, a keyboard walk, a
 * word with digits; zxcvbn's estimate with the person's details counted as known to a guesser).
 */
export async function passwordProblem(
  password: string,
  person: { email: string; name: string },
): Promise<string | undefined> {
  if (password.length < minPasswordLength) return `Use at least ${minPasswordLength} characters.`;
  if (password.trim() === "") return "A password cannot be only spaces.";
  const folded = password.toLowerCase().replace(/\s+/g, "");
  const personal = personalParts(person).find((part) => folded.includes(part.replace(/\s+/g, "")));
  if (personal) return "A password cannot contain your own email address or name.";
  const { score, warning } = (await loadStrength())(password, personalParts(person));
  if (score < minScore) {
    return `This password is too easy to guess${warning ? ` (${warning.replace(/\.$/, "")})` : ""}: add more words or characters that are not a common pattern.`;
  }
  return undefined;
}
