import type { Server } from "socket.io";
import type { Realtime } from "./context.server";

/** The one place broadcasts leave the app: switching to the Redis adapter for several nodes changes only socket.io's setup. */
export function socketRealtime(io: Server): Realtime {
  return {
    toUser(userId, event, payload) {
      io.to(`user:${userId}`).emit(event, payload);
    },
    toRoom(room, event, payload) {
      io.to(room).emit(event, payload);
    },
  };
}

/** Until socket.io is attached (scripts, seeding) there is nobody to deliver to; the data is in the DB either way. */
export const offlineRealtime: Realtime = {
  toUser() {},
  toRoom() {},
};
