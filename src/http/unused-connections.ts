import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/**
 * As the server closes, it also ends the connections whose client never sent a byte. Node's close ends
 * idle keep-alive connections but counts one that has sent nothing yet as busy (its headers timeout
 * runs from the accept), so the close waited for it: for a connection a client opened and never used (a
 * browser's preconnect, the spare one Node's fetch opens once a stream it reads is aborted), until that
 * client gave up on it — 4 s for fetch, up to Node's headers timeout (a minute) for another. Nothing was
 * asked on it, so nothing is lost: the client opens another connection, to this server or the next.
 * A connection that has sent part of a request is left to finish it, as Node leaves it.
 */
export function endUnusedConnectionsOnClose(server: FastifyInstance): void {
  const open = new Set<Socket>();
  server.server.on("connection", (socket: Socket) => {
    open.add(socket);
    socket.once("close", () => open.delete(socket));
  });
  // preClose: before Fastify closes the server, whose callback waits for every connection to end.
  server.addHook("preClose", async () => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
  });
}
