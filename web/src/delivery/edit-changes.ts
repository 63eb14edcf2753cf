// What of a product and of a component an edit may change (Product and Component, in use-delivery.ts, fit):
// no import, so that the server's typecheck and its tests read this file as it is.
type ProductFields = { name: string; description: string; componentIds: readonly string[] };
type ComponentFields = { name: string; repositoryUrl: string | null };

/**
 * What "Edit product" changes: only what the person changed in the dialog. The copy it opened with may be
 * minutes old, so a field left alone is not sent (a description written meanwhile stays), and the components
 * are sent as ticks and unticks to apply to the freshest list, never as the list the dialog opened with.
 */
export function productChanges(
  opened: ProductFields,
  draft: { name: string; description: string },
  ticked: ReadonlySet<string>,
): { name?: string; description?: string; adding: string[]; removing: string[] } {
  const name = draft.name.trim();
  return {
    ...(name !== opened.name && { name }),
    ...(draft.description !== opened.description && { description: draft.description }),
    adding: [...ticked].filter((id) => !opened.componentIds.includes(id)),
    removing: opened.componentIds.filter((id) => !ticked.has(id)),
  };
}

/** The components a product is built from after an edit: its freshest list, less the unticked, plus the ticked. */
export function componentsAfter(fresh: readonly string[], adding: readonly string[], removing: readonly string[]) {
  const off = new Set(removing);
  return [...new Set([...fresh.filter((id) => !off.has(id)), ...adding])];
}

/** What "Edit component" changes: its name, its repository (emptied: none), each only if the person changed it. */
export function componentChanges(
  opened: ComponentFields,
  draft: { name: string; repositoryUrl: string },
): { name?: string; repositoryUrl?: string | null } {
  const name = draft.name.trim();
  const repositoryUrl = draft.repositoryUrl.trim() || null;
  return {
    ...(name !== opened.name && { name }),
    ...(repositoryUrl !== opened.repositoryUrl && { repositoryUrl }),
  };
}

/** Whether an edit changes anything at all: nothing to send, nothing to say was changed. */
export function changesAnything(changes: Record<string, unknown>): boolean {
  return Object.values(changes).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined));
}
