import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { AckReply, MessageView, ReceiptView, SocketError } from "~/modules/messaging/types";
import { ChatSequence, replayUntilContiguous, type ReplayPage } from "./sequence";
import { getSocket } from "./socket-client";

export type Outgoing = { clientId: string; body: string; attachmentIds: string[]; state: "queued" | "sending" | "failed"; error?: SocketError; queuedAt: number };
export type Connection = "connecting" | "online" | "offline";

const ACK_TIMEOUT_MS = 10_000;
const RETRY_MS = 3_000;
const TYPING_SHOWN_MS = 4_000;

function newClientId(): string {
  return `c${crypto.randomUUID().replace(/-/g, "")}`;
}

const queueKey = (conversationId: string) => `chat-queue:${conversationId}`;

function loadQueue(conversationId: string): Outgoing[] {
  try {
    const raw = window.localStorage.getItem(queueKey(conversationId));
    const items = raw ? (JSON.parse(raw) as Outgoing[]) : [];
    // Whatever was in flight when the tab closed is unknown: send it again under the same client id.
    return items.map((o) => (o.state === "sending" ? { ...o, state: "queued" } : o));
  } catch {
    return [];
  }
}

function saveQueue(conversationId: string, queue: Outgoing[]): void {
  try {
    if (queue.length) window.localStorage.setItem(queueKey(conversationId), JSON.stringify(queue));
    else window.localStorage.removeItem(queueKey(conversationId));
  } catch {
    // Storage full or disabled: the queue still lives in memory for this tab.
  }
}

/**
 * The browser half of the delivery contract: messages are queued locally (and in localStorage)
 * with a client id, sent with an ack, and resent under the same id after any reconnect until the
 * server acknowledges them; after reconnecting, and whenever a message arrives beyond a hole, the
 * thread replays from the last sequence up to which it holds everything (ChatSequence), and read
 * marks never go past that point.
 */
export function useChat(opts: { conversationId: string; me: { userId: string; orgId: string }; initial: MessageView[]; receipts: ReceiptView[] }) {
  const { conversationId, me } = opts;
  const [messages, setMessages] = useState<Map<number, MessageView>>(() => new Map(opts.initial.map((m) => [m.seq, m])));
  const [queue, setQueue] = useState<Outgoing[]>([]);
  const [receipts, setReceipts] = useState<Map<string, ReceiptView>>(() => new Map(opts.receipts.map((r) => [r.userId, r])));
  const [typing, setTyping] = useState<{ name: string; until: number } | null>(null);
  const [connection, setConnection] = useState<Connection>("connecting");
  const socketRef = useRef<Socket | null>(null);
  const queueRef = useRef<Outgoing[]>([]);
  const sequenceRef = useRef<ChatSequence>(new ChatSequence(Math.max(0, ...opts.initial.map((m) => m.seq))));
  const lastTypingSent = useRef(0);

  const updateQueue = useCallback(
    (fn: (q: Outgoing[]) => Outgoing[]) => {
      queueRef.current = fn(queueRef.current);
      saveQueue(conversationId, queueRef.current);
      setQueue(queueRef.current);
    },
    [conversationId],
  );

  /** Shows messages; the sequence is told separately (live arrival or replay page), as each means something else. */
  const addMessages = useCallback((incoming: MessageView[]) => {
    if (!incoming.length) return;
    setMessages((prev) => {
      const next = new Map(prev);
      for (const m of incoming) next.set(m.seq, m);
      return next;
    });
  }, []);

  const addLive = useCallback(
    (m: MessageView) => {
      addMessages([m]);
      sequenceRef.current.addLive(m.seq);
    },
    [addMessages],
  );

  const acknowledgeSeen = useCallback(
    (socket: Socket) => {
      const seq = sequenceRef.current.contiguous;
      if (!seq) return;
      socket.emit(document.visibilityState === "visible" ? "read" : "delivered", { conversationId, seq });
    },
    [conversationId],
  );

  const flush = useCallback(() => {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    for (const item of queueRef.current) {
      if (item.state !== "queued") continue;
      updateQueue((q) => q.map((o) => (o.clientId === item.clientId ? { ...o, state: "sending" } : o)));
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck("message:send", { conversationId, clientId: item.clientId, body: item.body, attachmentIds: item.attachmentIds })
        .then((reply: AckReply<{ message: MessageView }>) => {
          if (reply.ok) {
            addLive(reply.message);
            if (sequenceRef.current.hasGap) void fillRef.current?.();
            updateQueue((q) => q.filter((o) => o.clientId !== item.clientId));
          } else {
            updateQueue((q) => q.map((o) => (o.clientId === item.clientId ? { ...o, state: "failed", error: reply.error } : o)));
          }
        })
        .catch(() => {
          // No ack (timeout, dropped connection): unknown whether it was stored, so it goes back in
          // the queue and is resent with the same client id — the server returns the stored copy.
          updateQueue((q) => q.map((o) => (o.clientId === item.clientId ? { ...o, state: "queued" } : o)));
          setTimeout(flush, RETRY_MS);
        });
    }
  }, [conversationId, addLive, updateQueue]);

  /** Set while the socket is attached: replays until no hole is left (one run at a time, re-run if asked meanwhile). */
  const fillRef = useRef<(() => Promise<void>) | null>(null);

  useEffect(() => {
    queueRef.current = loadQueue(conversationId);
    setQueue(queueRef.current);
    let cancelled = false;
    let cleanup: (() => void) | undefined;
    getSocket().then((socket) => {
      if (cancelled) return;
      socketRef.current = socket;
      let replaying: Promise<void> | null = null;
      let again = false;
      const fill = async (): Promise<void> => {
        if (replaying) {
          again = true;
          return replaying;
        }
        replaying = (async () => {
          do {
            again = false;
            await replayUntilContiguous(
              sequenceRef.current,
              async (afterSeq) => {
                const reply = (await socket.emitWithAck("message:replay", { conversationId, afterSeq })) as AckReply<ReplayPage>;
                return reply.ok ? reply : null;
              },
              addMessages,
            );
          } while (again && !cancelled);
        })().finally(() => {
          replaying = null;
        });
        return replaying;
      };
      fillRef.current = fill;
      const catchUp = async () => {
        setConnection("online");
        const joined = (await socket.emitWithAck("conversation:join", { conversationId })) as AckReply<{ lastSeq: number }>;
        if (!joined.ok) return;
        await fill();
        acknowledgeSeen(socket);
        flush();
      };
      const onMessage = (m: MessageView) => {
        if (m.conversationId !== conversationId) return;
        addLive(m);
        // A message beyond a hole (missed broadcasts): fetch what lies between before marking anything read.
        if (sequenceRef.current.hasGap) void fill().then(() => acknowledgeSeen(socket));
        else if (m.senderUserId !== me.userId) acknowledgeSeen(socket);
      };
      const onReceipt = (r: ReceiptView) => {
        if (r.conversationId !== conversationId) return;
        setReceipts((prev) => new Map(prev).set(r.userId, r));
      };
      const onTyping = (p: { conversationId: string; userId: string; name: string }) => {
        if (p.conversationId !== conversationId || p.userId === me.userId) return;
        setTyping({ name: p.name, until: Date.now() + TYPING_SHOWN_MS });
      };
      const onDisconnect = () => setConnection("offline");
      const onVisible = () => {
        if (document.visibilityState === "visible") acknowledgeSeen(socket);
      };
      socket.on("connect", catchUp);
      socket.on("disconnect", onDisconnect);
      socket.on("message:new", onMessage);
      socket.on("receipt", onReceipt);
      socket.on("typing", onTyping);
      document.addEventListener("visibilitychange", onVisible);
      if (socket.connected) void catchUp();
      cleanup = () => {
        socket.off("connect", catchUp);
        socket.off("disconnect", onDisconnect);
        socket.off("message:new", onMessage);
        socket.off("receipt", onReceipt);
        socket.off("typing", onTyping);
        document.removeEventListener("visibilitychange", onVisible);
        fillRef.current = null;
        socket.emit("conversation:leave", { conversationId });
      };
    }, () => setConnection("offline"));
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [conversationId, me.userId, addMessages, addLive, acknowledgeSeen, flush]);

  useEffect(() => {
    if (!typing) return;
    const timer = setTimeout(() => setTyping(null), Math.max(0, typing.until - Date.now()));
    return () => clearTimeout(timer);
  }, [typing]);

  const send = useCallback(
    (body: string, attachmentIds: string[] = []) => {
      updateQueue((q) => [...q, { clientId: newClientId(), body, attachmentIds, state: "queued", queuedAt: Date.now() }]);
      flush();
    },
    [updateQueue, flush],
  );

  const retry = useCallback(
    (clientId: string) => {
      updateQueue((q) => q.map((o) => (o.clientId === clientId ? { ...o, state: "queued", error: undefined } : o)));
      flush();
    },
    [updateQueue, flush],
  );

  const discard = useCallback((clientId: string) => updateQueue((q) => q.filter((o) => o.clientId !== clientId)), [updateQueue]);

  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (now - lastTypingSent.current < 2_000) return;
    lastTypingSent.current = now;
    socketRef.current?.emit("typing", { conversationId });
  }, [conversationId]);

  /** Sent → delivered → read, as far as any user on the other side has got. */
  const statusOf = useCallback(
    (m: MessageView): "sent" | "delivered" | "read" => {
      let status: "sent" | "delivered" | "read" = "sent";
      for (const r of receipts.values()) {
        if (r.orgId === me.orgId) continue;
        if (r.lastReadSeq >= m.seq) return "read";
        if (r.lastDeliveredSeq >= m.seq) status = "delivered";
      }
      return status;
    },
    [receipts, me.orgId],
  );

  const ordered = useMemo(() => [...messages.values()].sort((a, b) => a.seq - b.seq), [messages]);
  const stored = useMemo(() => new Set(ordered.map((m) => m.clientId)), [ordered]);
  return {
    messages: ordered,
    pending: queue.filter((o) => !stored.has(o.clientId)),
    connection,
    typing: typing?.name ?? null,
    send,
    retry,
    discard,
    notifyTyping,
    statusOf,
  };
}
