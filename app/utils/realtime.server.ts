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
    toRooms(rooms, event, payload) {
      // socket.io sends to everyone when given no room at all.
      if (rooms.length) io.to([...rooms]).emit(event, payload);
    },
    disconnect(room) {
      io.in(room).disconnectSockets(true);
    },
  };
}

/** Until socket.io is attached (scripts, seeding) there is nobody to deliver to; the data is in the DB either way. */
export const offlineRealtime: Realtime = {
  toUser() {},
  toRoom() {},
  toRooms() {},
  disconnect() {},
};

/** The room every socket of one session joins at the handshake, so revoking the session can close them. */
export const sessionRoom = (sessionId: string): string => `session:${sessionId}`;
export const userRoom = (userId: string): string => `user:${userId}`;
/** Every socket joins the room of the organisation it was admitted under. */
export const orgRoom = (orgId: string): string => `org:${orgId}`;
