import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { useProducts } from "../api/catalog";
import { api, unwrap } from "../api/client";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field } from "../ui/field";
import { ErrorNote } from "../ui/states";
import type { Pattern } from "./use-knowledge";

/**
 * "New improvement…" on a pattern's page: proposes an improvement in the pattern's loop that addresses
 * it, for the products chosen (it completes when shipped in all of them), then opens its page.
 */
export function NewImprovementDialog(props: { open: boolean; onClose: () => void; pattern: Pattern }) {
  return (
    <Dialog open={props.open} onClose={props.onClose} label="New improvement">
      <NewImprovementForm {...props} />
    </Dialog>
  );
}

function NewImprovementForm({ pattern, onClose }: { pattern: Pattern; onClose: () => void }) {
  const [title, setTitle] = useState("");
  const [why, setWhy] = useState("");
  const [productIds, setProductIds] = useState<Set<string>>(new Set());
  const products = [...(useProducts().data?.values() ?? [])].filter(
    (p) => !pattern.loopId || p.loopId === pattern.loopId,
  );
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/improvements", {
          body: {
            loopId: pattern.loopId ?? "",
            title: title.trim(),
            why: why.trim() || undefined,
            patternIds: [pattern.id],
            productIds: [...productIds],
          },
        }),
      ),
    onSuccess: (made) => {
      queryClient.invalidateQueries({ queryKey: ["improvement"] });
      queryClient.invalidateQueries({ queryKey: ["pattern"] });
      onClose();
      navigate({ to: "/improvements/$id", params: { id: made.id } });
    },
  });
  const toggle = (id: string) =>
    setProductIds((was) => {
      const next = new Set(was);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <h2>New improvement for “{pattern.title}”</h2>
      <Field
        label="Title"
        required
        maxLength={200}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        placeholder="What changes, in a line"
        autoFocus
      />
      <div className="field">
        <label htmlFor="new-improvement-why">Why (Markdown)</label>
        <textarea id="new-improvement-why" rows={3} value={why} onChange={(e) => setWhy(e.target.value)} />
      </div>
      {products.length > 0 && (
        <fieldset className="field">
          <legend>Products it ships in</legend>
          {products.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={productIds.has(p.id)} onChange={() => toggle(p.id)} /> {p.name}
            </label>
          ))}
        </fieldset>
      )}
      {create.isError && <ErrorNote error={create.error} />}
      <div className="page-actions">
        <Button type="submit" variant="primary" disabled={!title.trim() || create.isPending}>
          Propose the improvement
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}
