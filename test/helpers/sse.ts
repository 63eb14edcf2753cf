/** A Server-Sent Events subscription read with fetch: collects events until closed. */
export async function subscribe(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, {
    headers: { accept: "text/event-stream", ...headers },
    signal: controller.signal,
  });
  if (!response.body) throw new Error(`no stream from ${url}: ${response.status}`);
  const events: { id: string; event: string; data: Record<string, unknown> }[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ended = false;
  let lastId: string | undefined;
  const reading = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          ended = true;
          return;
        }
        buffer += value;
        let end = buffer.indexOf("\n\n");
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split("\n")
              .filter((line) => !line.startsWith(":"))
              .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 2)]),
          );
          // An EventSource takes the id of every block that names one, with data or without.
          if (fields.id !== undefined) lastId = fields.id;
          if (fields.data)
            events.push({ id: fields.id ?? "", event: fields.event ?? "message", data: JSON.parse(fields.data) });
          end = buffer.indexOf("\n\n");
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    /** Whether the server ended the stream. */
    ended: () => ended,
    /** Where an EventSource would resume: the last id the stream gave (with an event or alone). */
    lastId: () => lastId,
    async close() {
      controller.abort();
      await reading;
    },
  };
}
