import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { api, unwrap } from "../api/client";
import { Button } from "../ui/button";
import { StatusBadge, When } from "../ui/entity";
import { ErrorNote } from "../ui/states";

/** A signal's thread, oldest first: messages in and out, and snapback notifications (kept live). */
function useConversation(signalId: string) {
  return useQuery({
    // Under "signal": a live event about the signal (a reply in, an answer out) refreshes it.
    queryKey: ["signal", "conversation", signalId],
    queryFn: () => unwrap(api.GET("/signals/{id}/conversation", { params: { path: { id: signalId } } })),
  });
}

/**
 * The conversation of a signal, and — for builders of its loop — an answer sent in the person's own
 * thread (an email reply, a comment on their issue, a post in their topic) through the outbox. Every
 * text is shown as text: it was written by anyone who can send a signal.
 */
export function Conversation({ signalId, canAnswer }: { signalId: string; canAnswer: boolean }) {
  const conversation = useConversation(signalId);
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  const fieldId = useId();
  const answer = useMutation({
    mutationFn: (text: string) =>
      unwrap(api.POST("/signals/{id}/replies", { params: { path: { id: signalId } }, body: { body: text } })),
    onSuccess: () => {
      setBody("");
      return queryClient.invalidateQueries({ queryKey: ["signal", "conversation", signalId] });
    },
  });
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) answer.mutate(body);
  };
  const items = conversation.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="conversation">
      <h2 id="conversation">Conversation</h2>
      {conversation.isError && <ErrorNote error={conversation.error} />}
      {conversation.isSuccess && items.length === 0 && <p className="muted">No messages yet.</p>}
      <ol className="plain-list conversation">
        {items.map((m) => (
          <li key={m.id} className={`message message-${m.direction}`}>
            <p className="meta">
              {m.type === "snapback"
                ? "Told it shipped"
                : m.type === "rolled_back"
                  ? "Told it was rolled back"
                  : m.direction === "in"
                    ? "From them"
                    : "Our answer"}{" "}
              · {m.channelKind} · <StatusBadge status={m.status} /> <When iso={m.createdAt} />
            </p>
            {m.subject && <p className="message-subject">{m.subject}</p>}
            <p className="signal-text">{m.body}</p>
          </li>
        ))}
      </ol>
      {canAnswer && (
        <form onSubmit={send} className="reply-form">
          <label htmlFor={fieldId}>Answer in their thread</label>
          <textarea id={fieldId} value={body} onChange={(e) => setBody(e.target.value)} rows={4} maxLength={50_000} />
          {answer.isError && <ErrorNote error={answer.error} />}
          <Button type="submit" variant="primary" disabled={answer.isPending || !body.trim()}>
            {answer.isPending ? "Sending…" : "Send answer"}
          </Button>
        </form>
      )}
    </section>
  );
}
