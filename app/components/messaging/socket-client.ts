import type { Socket } from "socket.io-client";

let connecting: Promise<Socket> | null = null;

/**
 * One socket.io connection per tab, shared by the header badge and the open thread. Loaded on
 * demand so pages that never need it do not ship it, and never on the server.
 */
export function getSocket(): Promise<Socket> {
  if (typeof window === "undefined") return Promise.reject(new Error("socket.io is browser-only"));
  connecting ??= import("socket.io-client").then(({ io }) =>
    io({ transports: ["websocket", "polling"], withCredentials: true, reconnectionDelay: 500, reconnectionDelayMax: 5_000 }),
  );
  return connecting;
}
