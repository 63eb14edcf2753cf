import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../api/client";
import type { components, paths } from "../api/schema";
import { useAccess } from "../api/session";
import { useCurrentLoop, useLoops } from "../shell/current-loop";
import { Button } from "../ui/button";
import { Field } from "../ui/field";
import { ErrorNote, Loading } from "../ui/states";
import { ChannelHealth } from "./channel-health";
import { useChange, useNamedByHash } from "./use-settings";

type Channel = components["schemas"]["Channel"];
type ChannelPatch = NonNullable<paths["/channels/{id}"]["patch"]["requestBody"]>["content"]["application/json"];
const kinds = ["email", "forum", "github", "chat", "widget", "api", "webhook", "csv"] as const;
type Kind = (typeof kinds)[number];

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The channels of the loop shown (or of every loop): owners of a loop make and set up its channels. */
export function ChannelsSection() {
  const current = useCurrentLoop();
  const loops = useLoops();
  const access = useAccess();
  const channels = useQuery({
    queryKey: ["channel", "list", current ?? "all"],
    queryFn: () => unwrap(api.GET("/channels", { params: { query: { loopId: current ?? undefined, limit: 200 } } })),
  });
  const manageable = (loops.data ?? []).filter((l) => access.canManage(l.id));
  const [draft, setDraft] = useState({ loopId: "", slug: "", name: "", kind: "widget" as Kind, origins: "" });
  const create = useChange(["channel"], () =>
    unwrap(
      api.POST("/channels", {
        body: {
          loopId: draft.loopId || (manageable[0]?.id ?? ""),
          slug: draft.slug,
          name: draft.name,
          kind: draft.kind,
          config: draft.kind === "widget" ? { widgetOrigins: words(draft.origins) } : {},
        },
      }),
    ),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(undefined, {
      onSuccess: () => setDraft({ loopId: "", slug: "", name: "", kind: "widget", origins: "" }),
    });
  };
  if (channels.error) return <ErrorNote error={channels.error} />;
  if (!channels.data) return <Loading />;
  return (
    <>
      {channels.data.items.length === 0 && <p className="muted">No channels yet.</p>}
      {channels.data.items.map((channel) => (
        <ChannelCard key={channel.id} channel={channel} manages={access.canManage(channel.loopId)} />
      ))}
      {manageable.length > 0 && (
        <form onSubmit={submit} aria-label="New channel">
          <h3>New channel</h3>
          <div className="inline-form">
            <label>
              Loop
              <select value={draft.loopId} onChange={(e) => setDraft({ ...draft, loopId: e.target.value })}>
                {manageable.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Kind
              <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as Kind })}>
                {kinds.map((k) => (
                  <option key={k}>{k}</option>
                ))}
              </select>
            </label>
          </div>
          <Field
            label="Channel name"
            required
            maxLength={200}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
          <Field
            label="Channel slug"
            required
            maxLength={80}
            value={draft.slug}
            onChange={(e) => setDraft({ ...draft, slug: e.target.value })}
          />
          {draft.kind === "widget" && (
            <Field
              label="Sites allowed to show the widget"
              hint="Their origins, separated by spaces: https://shop.example.com"
              required
              value={draft.origins}
              onChange={(e) => setDraft({ ...draft, origins: e.target.value })}
            />
          )}
          {create.error && <ErrorNote error={create.error} />}
          <Button type="submit" variant="primary" disabled={create.isPending}>
            Make the channel
          </Button>
        </form>
      )}
    </>
  );
}

/** One channel: its kind's setup (the widget's sites and script tag, a webhook's address and mapping). */
function ChannelCard({ channel, manages }: { channel: Channel; manages: boolean }) {
  const config = channel.config as {
    widgetOrigins?: string[];
    mapping?: unknown;
    webhookSecretSet?: boolean;
    address?: string;
    listAddress?: string;
  };
  const patch = useChange(["channel"], (body: ChannelPatch) =>
    unwrap(api.PATCH("/channels/{id}", { params: { path: { id: channel.id } }, body })),
  );
  const [origins, setOrigins] = useState((config.widgetOrigins ?? []).join(" "));
  const [list, setList] = useState(config.listAddress ?? "");
  const [mapping, setMapping] = useState(config.mapping ? JSON.stringify(config.mapping, null, 2) : "");
  const [mappingError, setMappingError] = useState<string | null>(null);
  const origin = window.location.origin;
  const tag = `<script src="${origin}/widget.js" data-channel="${channel.id}" async></script>`;
  const named = useNamedByHash<HTMLElement>(`channel-${channel.id}`);
  return (
    <article className="section" aria-labelledby={`channel-${channel.id}`} ref={named}>
      <h3 id={`channel-${channel.id}`}>
        {channel.name}{" "}
        <span className="muted">
          ({channel.kind}, {channel.slug})
        </span>
      </h3>
      {channel.kind === "widget" && (
        <>
          <p>Paste this tag into the pages of the allowed sites:</p>
          <code className="secret">{tag}</code>
          {manages ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                patch.mutate({ config: { widgetOrigins: words(origins) } });
              }}
            >
              <label>
                Allowed sites
                <input value={origins} size={50} onChange={(e) => setOrigins(e.target.value)} />
              </label>
              <Button type="submit">Save the sites</Button>
            </form>
          ) : (
            <p className="muted">Allowed sites: {(config.widgetOrigins ?? []).join(", ") || "none"}</p>
          )}
        </>
      )}
      {channel.kind === "email" && (
        <>
          {config.address ? (
            <p>
              Receives mail at <code>{config.address}</code>.
            </p>
          ) : (
            <p className="muted">No address yet: it receives no mail.</p>
          )}
          {manages ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                patch.mutate({ config: { listAddress: list.trim() || null } });
              }}
            >
              <label>
                The list it is a member of (a Google Group whose copies are customers' mail)
                <input
                  type="email"
                  value={list}
                  size={30}
                  placeholder="support@acme.example"
                  onChange={(e) => setList(e.target.value)}
                />
              </label>
              <Button type="submit">Save the list</Button>
            </form>
          ) : (
            config.listAddress && <p className="muted">Takes the copies of the list {config.listAddress}.</p>
          )}
        </>
      )}
      {channel.kind === "webhook" && (
        <>
          <p>
            Senders post to <code>{`${origin}/channels/${channel.id}/webhook`}</code> with the channel's secret (
            {config.webhookSecretSet ? "set" : "not set yet"}).
          </p>
          {manages && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                setMappingError(null);
                try {
                  const parsed = mapping.trim()
                    ? (JSON.parse(mapping) as NonNullable<ChannelPatch["config"]>["mapping"])
                    : null;
                  patch.mutate({ config: { mapping: parsed } });
                } catch {
                  setMappingError("The mapping is not JSON.");
                }
              }}
            >
              <div className="field">
                <label htmlFor={`mapping-${channel.id}`}>Mapping (JSON Pointers into the sender's body)</label>
                <textarea
                  id={`mapping-${channel.id}`}
                  rows={6}
                  value={mapping}
                  placeholder='{"title": "/ticket/subject", "contactEmail": "/ticket/requester/email"}'
                  onChange={(e) => setMapping(e.target.value)}
                />
              </div>
              {mappingError && <p className="error-note">{mappingError}</p>}
              <Button type="submit">Save the mapping</Button>
            </form>
          )}
        </>
      )}
      <AutoAttach
        channelId={channel.id}
        threshold={(channel.config as { autoAttachThreshold?: number }).autoAttachThreshold}
        manages={manages}
        onSave={(autoAttachThreshold) => patch.mutate({ config: { autoAttachThreshold } })}
      />
      {patch.error && <ErrorNote error={patch.error} />}
      {manages && <ChannelHealth channelId={channel.id} />}
    </article>
  );
}

/**
 * A channel's automatic attachment (docs/MATCHING.md): the score from which the matcher files its new
 * reports itself; empty is off, and they wait in triage. Owners set it; others read it.
 */
function AutoAttach(props: {
  channelId: string;
  threshold: number | undefined;
  manages: boolean;
  onSave: (threshold: number | null) => void;
}) {
  const [value, setValue] = useState(props.threshold === undefined ? "" : String(props.threshold));
  const id = `auto-attach-${props.channelId}`;
  if (!props.manages) {
    return (
      <p className="muted">
        Automatic attachment:{" "}
        {props.threshold === undefined ? "off (reports wait in triage)" : `from a score of ${props.threshold}`}
      </p>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave(value.trim() === "" ? null : Number(value));
      }}
    >
      <label htmlFor={id}>Attach automatically from a score of</label>
      <input
        id={id}
        type="number"
        min={0}
        max={1}
        step={0.01}
        placeholder="off"
        aria-describedby={`${id}-help`}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <Button type="submit">Save</Button>
      <span id={`${id}-help`} className="muted">
        0 to 1; 0.35 to start. Empty: off, every report waits in triage.
      </span>
    </form>
  );
}
