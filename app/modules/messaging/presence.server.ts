import type { Realtime } from "~/utils/context.server";

/**
 * Who is looking at which conversation right now, as the socket layer sees it. Services use it to
 * decide who must be notified instead of (only) receiving the live message. Single-node state: with
 * several nodes behind the Redis adapter this becomes a shared set (see docs/decisions).
 */
export class Presence {
  private readonly viewers = new Map<string, Map<string, number>>();
  private readonly connected = new Map<string, number>();

  connect(userId: string): void {
    this.connected.set(userId, (this.connected.get(userId) ?? 0) + 1);
  }

  disconnect(userId: string): void {
    const n = (this.connected.get(userId) ?? 0) - 1;
    if (n > 0) this.connected.set(userId, n);
    else this.connected.delete(userId);
  }

  enter(conversationId: string, userId: string): void {
    let users = this.viewers.get(conversationId);
    if (!users) this.viewers.set(conversationId, (users = new Map()));
    users.set(userId, (users.get(userId) ?? 0) + 1);
  }

  leave(conversationId: string, userId: string): void {
    const users = this.viewers.get(conversationId);
    if (!users) return;
    const n = (users.get(userId) ?? 0) - 1;
    if (n > 0) users.set(userId, n);
    else users.delete(userId);
    if (users.size === 0) this.viewers.delete(conversationId);
  }

  isViewing(conversationId: string, userId: string): boolean {
    return this.viewers.get(conversationId)?.has(userId) ?? false;
  }

  isConnected(userId: string): boolean {
    return this.connected.has(userId);
  }

  get connectionCount(): number {
    let n = 0;
    for (const c of this.connected.values()) n += c;
    return n;
  }
}

// Keyed by the Realtime instance: the socket layer that delivers through it is the one that knows
// who is present. Without sockets (tests, scripts) nobody is present and everybody is notified.
// Kept on globalThis because server.ts (source) and the Remix build each load their own copy of
// this module, while both serve the same Realtime.
const globalKey = Symbol.for("xj-srdi.messaging.presence");
const holder = globalThis as typeof globalThis & { [globalKey]?: WeakMap<Realtime, Presence> };
const registry = (holder[globalKey] ??= new WeakMap<Realtime, Presence>());

export function registerPresence(realtime: Realtime, presence: Presence): void {
  registry.set(realtime, presence);
}

export function presenceOf(realtime: Realtime): Presence | undefined {
  return registry.get(realtime);
}
