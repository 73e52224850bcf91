// Authenticated socket.io clients against the real server (started with test/support/server.ts).
// Shared by the realtime test and bench/chat.
import { io as connectClient, type Socket } from "socket.io-client";
import { sessionStorage } from "../../app/modules/identity/auth.server";
import { createSession } from "../../app/modules/identity/sessions.server";
import type { AppContext } from "../../app/utils/context.server";

/** The session cookie a browser would hold after logging in as this user. */
export async function sessionCookie(ctx: AppContext, userId: string): Promise<string> {
  const { token } = createSession(ctx, userId);
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession();
  session.set("token", token);
  const header = await storage.commitSession(session);
  return header.split(";")[0]!;
}

export type Client = Socket;

export function openClient(port: number, cookie: string | null, opts: { reconnection?: boolean } = {}): Promise<Client> {
  const socket = connectClient(`http://127.0.0.1:${port}`, {
    transports: ["websocket"],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export type AckReply<T = Record<string, unknown>> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

export function request<T = Record<string, unknown>>(socket: Client, event: string, payload: unknown, timeoutMs = 10_000): Promise<AckReply<T>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<AckReply<T>>;
}
