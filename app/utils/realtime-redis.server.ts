import { createAdapter } from "@socket.io/redis-streams-adapter";
import { createClient } from "redis";
import type { Server } from "socket.io";

/**
 * With REDIS_URL set, socket.io's official Redis Streams adapter carries every room broadcast to the other app
 * processes (and keeps connection-state recovery working across them). Everything the app broadcasts already goes
 * through `ctx.realtime` → `io.to(room).emit`, so nothing else changes. Load balancers must keep a client on one
 * process (sticky sessions) for the HTTP long-polling transport.
 */
export async function attachRedisAdapter(io: Server, url: string): Promise<() => Promise<void>> {
  const client = createClient({ url });
  client.on("error", () => {
    // The client reconnects by itself; socket.io keeps serving this process's own sockets meanwhile.
  });
  await client.connect();
  io.adapter(createAdapter(client, { streamName: "srdi-board:socket.io" }));
  return async () => {
    await client.quit().catch(() => undefined);
  };
}
