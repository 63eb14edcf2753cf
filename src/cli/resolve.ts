import { type ApiClient, CliError, UsageError } from "./client.js";

/** The collections whose entities have a slug a person can type instead of an id. */
export type Sluggable = "loops" | "products" | "components" | "channels";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when ref looks like an entity id rather than a slug or a name. */
export const isId = (ref: string) => uuid.test(ref);

const singular = (path: Sluggable) => path.slice(0, -1);

/** The id of a loop, product, component or channel given by slug or id; not_found names the flag. */
export async function idOf(api: ApiClient, path: Sluggable, ref: string, flag: string): Promise<string> {
  if (isId(ref)) return ref;
  const page = await api.list(`/${path}`, { slug: ref, limit: 1 });
  const found = page.items[0];
  if (!found) throw new CliError("not_found", `No ${singular(path)} with slug "${ref}".`, flag);
  return found.id;
}

/** The ids of several slugs or ids (a repeated option), in order. */
export function idsOf(api: ApiClient, path: Sluggable, refs: string[] | undefined, flag: string): Promise<string[]> {
  return Promise.all((refs ?? []).map((ref) => idOf(api, path, ref, flag)));
}

/** Splits `<owner>@<name>` (e.g. `web@2.0.0`), or a usage error that shows the expected shape. */
export function splitAt(ref: string, flag: string, example: string): { owner: string; name: string } {
  const at = ref.indexOf("@");
  if (at <= 0 || at === ref.length - 1) {
    throw new UsageError(`${flag} takes an id or <slug>@<name>, e.g. ${example}; got "${ref}".`, flag);
  }
  return { owner: ref.slice(0, at), name: ref.slice(at + 1) };
}

/** A version's id from its id or `<component>@<name>`, e.g. `sync-engine@1.4.0`. */
export async function versionIdOf(api: ApiClient, ref: string, flag = "--version"): Promise<string> {
  if (isId(ref)) return ref;
  const { owner, name } = splitAt(ref, flag, "sync-engine@1.4.0");
  const componentId = await idOf(api, "components", owner, flag);
  const page = await api.list("/versions", { componentId, name, limit: 1 });
  const found = page.items[0];
  if (!found) throw new CliError("not_found", `Component ${owner} has no version ${name}.`, flag);
  return found.id;
}

/** A release's id from its id or `<product>@<name>`, e.g. `web@2.0.0`. */
export async function releaseIdOf(api: ApiClient, ref: string, flag = "--release"): Promise<string> {
  if (isId(ref)) return ref;
  const { owner, name } = splitAt(ref, flag, "web@2.0.0");
  const productId = await idOf(api, "products", owner, flag);
  const page = await api.list("/releases", { productId, name, limit: 1 });
  const found = page.items[0];
  if (!found) throw new CliError("not_found", `Product ${owner} has no release ${name}.`, flag);
  return found.id;
}

/** A contact's id from its id or email address. */
export async function contactIdOf(api: ApiClient, ref: string, flag = "--contact"): Promise<string> {
  if (isId(ref)) return ref;
  const page = await api.list("/contacts", { email: ref, limit: 1 });
  const found = page.items[0];
  if (!found) throw new CliError("not_found", `No contact with email "${ref}".`, flag);
  return found.id;
}

/** A user's id from an id or their email. */
export async function userIdOf(api: ApiClient, ref: string, flag = "<user>"): Promise<string> {
  if (isId(ref)) return ref;
  const found = (await api.list("/users", { email: ref, limit: 1 })).items[0];
  if (!found) throw new CliError("not_found", `No user with email ${ref}.`, flag);
  return found.id;
}
