import { type FormEvent, useState } from "react";
import { useProducts } from "../api/catalog";
import { api, unwrap } from "../api/client";
import { useAccess } from "../api/session";
import { useEnvironments } from "../delivery/use-delivery";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { Table } from "../ui/table";
import { useChange } from "./use-settings";

/** Environments: where releases run; administrators make them and say which are production. */
export function EnvironmentsSection() {
  const access = useAccess();
  const environments = useEnvironments();
  const products = [...(useProducts().data?.values() ?? [])];
  const [draft, setDraft] = useState({ name: "", production: true, productId: "" });
  const create = useChange(["environment"], () =>
    unwrap(
      api.POST("/environments", {
        body: { name: draft.name, production: draft.production, productId: draft.productId || undefined },
      }),
    ),
  );
  const setProduction = useChange(["environment"], (input: { name: string; production: boolean }) =>
    unwrap(
      api.PATCH("/environments/{id}", {
        params: { path: { id: input.name } },
        body: { production: input.production },
      }),
    ),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, { onSuccess: () => setDraft({ name: "", production: true, productId: "" }) });
  };
  const productName = new Map(products.map((p) => [p.id, p.name]));
  if (environments.error) return <ErrorNote error={environments.error} />;
  if (!environments.data) return <Loading />;
  return (
    <>
      <Table>
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Production</th>
            <th scope="col">Serves</th>
            <th scope="col">Pinned</th>
          </tr>
        </thead>
        <tbody>
          {environments.data.items.map((env) => (
            <tr key={env.name}>
              <td>{env.name}</td>
              <td>
                {access.admin ? (
                  <input
                    type="checkbox"
                    aria-label={`${env.name} is production`}
                    checked={env.production}
                    onChange={(e) => setProduction.mutate({ name: env.name, production: e.target.checked })}
                  />
                ) : env.production ? (
                  "yes"
                ) : (
                  "no"
                )}
              </td>
              <td>{env.productId ? (productName.get(env.productId) ?? env.productId) : "every product"}</td>
              <td>
                {env.accounts.length} accounts, {env.contactIds.length} people
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
      {setProduction.error && <ErrorNote error={setProduction.error} />}
      {access.admin && (
        <form onSubmit={submit} aria-label="New environment">
          <h3>New environment</h3>
          <Field
            label="Environment name"
            required
            maxLength={80}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <div className="inline-form">
            <label>
              Serves
              <select value={draft.productId} onChange={(e) => setDraft({ ...draft, productId: e.target.value })}>
                <option value="">every product</option>
                {products.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>
                <input
                  type="checkbox"
                  checked={draft.production}
                  onChange={(e) => setDraft({ ...draft, production: e.target.checked })}
                />{" "}
                People use it (production)
              </span>
            </label>
          </div>
          {create.error && <ErrorNote error={create.error} />}
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Make the environment
          </Button>
        </form>
      )}
    </>
  );
}
