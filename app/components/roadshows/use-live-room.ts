import { useCallback, useEffect, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { ChatView, QuestionView } from "~/modules/roadshows/live-types";
import { getSocket } from "~/components/messaging/socket-client";

export type Slide = { deckId: string; page: number };
export type SocketError = { code: string; message: string; values?: Record<string, string | number> };
type Ack<T> = ({ ok: true } & T) | { ok: false; error: SocketError };
export type Pending = { clientId: string; body: string; error?: SocketError };

export type RoomSnapshot = {
  slide: Slide | null;
  chat: { messages: ChatView[]; lastSeq: number; slowModeSeconds: number; muted: boolean };
  qa: { questions: QuestionView[]; mine: string[]; myVotes: string[] };
};

const newClientId = () => `c${crypto.randomUUID().replace(/-/g, "")}`;
const ACK_TIMEOUT_MS = 10_000;

/**
 * The browser half of the live room: joins over the shared socket, keeps the presenter's slide, the chat (in sequence
 * order, replayed after a reconnect, unacknowledged messages resent under the same client id) and the Q&A.
 */
export function useLiveRoom(opts: { eventId: string; initial: RoomSnapshot; staffView: boolean; consent: boolean | null }) {
  const { eventId, staffView, consent } = opts;
  const [slide, setSlide] = useState<Slide | null>(opts.initial.slide);
  const [chat, setChat] = useState<Map<number, ChatView>>(() => new Map(opts.initial.chat.messages.map((m) => [m.seq, m])));
  const [pending, setPending] = useState<Pending[]>([]);
  const [questions, setQuestions] = useState<Map<string, QuestionView>>(() => new Map(opts.initial.qa.questions.map((q) => [q.id, q])));
  const [mine, setMine] = useState<Set<string>>(() => new Set(opts.initial.qa.mine));
  const [myVotes, setMyVotes] = useState<Set<string>>(() => new Set(opts.initial.qa.myVotes));
  const [slowMode, setSlowModeState] = useState(opts.initial.chat.slowModeSeconds);
  const [muted, setMuted] = useState(opts.initial.chat.muted);
  const [online, setOnline] = useState(false);
  const [error, setError] = useState<SocketError | null>(null);
  const socketRef = useRef<Socket | null>(null);
  const lastSeq = useRef(Math.max(0, ...opts.initial.chat.messages.map((m) => m.seq)));
  const pendingRef = useRef<Pending[]>([]);

  const addChat = useCallback((list: ChatView[]) => {
    if (!list.length) return;
    setChat((prev) => {
      const next = new Map(prev);
      for (const m of list) next.set(m.seq, m);
      return next;
    });
    lastSeq.current = Math.max(lastSeq.current, ...list.map((m) => m.seq));
    const acked = new Set(list.map((m) => m.clientId));
    pendingRef.current = pendingRef.current.filter((p) => !acked.has(p.clientId));
    setPending(pendingRef.current);
  }, []);

  const upsertQuestion = useCallback((q: QuestionView) => {
    setQuestions((prev) => new Map(prev).set(q.id, q));
  }, []);

  const call = useCallback(async <T extends object>(event: string, payload: object): Promise<Ack<T>> => {
    const socket = socketRef.current;
    if (!socket?.connected) return { ok: false, error: { code: "offline", message: "roadshows:live.offline" } };
    try {
      return (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, { eventId, ...payload })) as Ack<T>;
    } catch {
      return { ok: false, error: { code: "timeout", message: "roadshows:live.offline" } };
    }
  }, [eventId]);

  const sendPending = useCallback(
    async (p: Pending) => {
      const reply = await call<{ message: ChatView }>("chat:send", { clientId: p.clientId, body: p.body });
      if (reply.ok) addChat([reply.message]);
      else if (reply.error.code !== "offline" && reply.error.code !== "timeout") {
        // Refused for good (slow mode, muted, closed): show why and stop retrying.
        pendingRef.current = pendingRef.current.map((x) => (x.clientId === p.clientId ? { ...x, error: reply.error } : x));
        setPending(pendingRef.current);
      }
    },
    [addChat, call],
  );

  useEffect(() => {
    if (consent === null) return;
    let cancelled = false;
    let socket: Socket | null = null;
    const join = async () => {
      if (!socket) return;
      const reply = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("live:join", { eventId, consent }).catch(() => null)) as Ack<RoomSnapshot> | null;
      if (!reply || cancelled) return;
      if (!reply.ok) return setError(reply.error);
      setOnline(true);
      setSlide(reply.slide);
      setSlowModeState(reply.chat.slowModeSeconds);
      setMuted(reply.chat.muted);
      setQuestions(new Map(reply.qa.questions.map((q) => [q.id, q])));
      setMine(new Set(reply.qa.mine));
      setMyVotes(new Set(reply.qa.myVotes));
      // Whatever was sent while we were away, in order; then what we could not send.
      const replay = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck("chat:replay", { eventId, afterSeq: lastSeq.current }).catch(() => null)) as Ack<{ messages: ChatView[] }> | null;
      if (replay?.ok) addChat(replay.messages);
      for (const p of pendingRef.current.filter((x) => !x.error)) await sendPending(p);
    };
    const onSlide = (s: Slide & { eventId: string }) => s.eventId === eventId && setSlide({ deckId: s.deckId, page: s.page });
    const onChat = (m: ChatView) => addChat([m]);
    const onDeleted = (d: { eventId: string; seq: number }) =>
      d.eventId === eventId &&
      setChat((prev) => {
        const m = prev.get(d.seq);
        return m ? new Map(prev).set(d.seq, { ...m, deleted: true, body: "" }) : prev;
      });
    const onQuestion = (q: QuestionView) => upsertQuestion(q);
    const onSlow = (s: { eventId: string; seconds: number }) => s.eventId === eventId && setSlowModeState(s.seconds);
    const onMuted = (s: { eventId: string; muted: boolean }) => s.eventId === eventId && setMuted(s.muted);
    const onDisconnect = () => setOnline(false);
    void getSocket().then((s) => {
      if (cancelled) return;
      socket = s;
      socketRef.current = s;
      s.on("slide", onSlide);
      s.on("chat:new", onChat);
      s.on("chat:deleted", onDeleted);
      // Staff read the staff room's view (with names); the audience's copy of the same change is ignored there.
      s.on(staffView ? "qa:staff" : "qa:update", onQuestion);
      s.on("chat:slow", onSlow);
      s.on("chat:muted", onMuted);
      s.on("connect", join);
      s.on("disconnect", onDisconnect);
      if (s.connected) void join();
    });
    return () => {
      cancelled = true;
      if (!socket) return;
      socket.off("slide", onSlide);
      socket.off("chat:new", onChat);
      socket.off("chat:deleted", onDeleted);
      socket.off(staffView ? "qa:staff" : "qa:update", onQuestion);
      socket.off("chat:slow", onSlow);
      socket.off("chat:muted", onMuted);
      socket.off("connect", join);
      socket.off("disconnect", onDisconnect);
      socket.emit("live:leave", { eventId });
    };
  }, [eventId, consent, staffView, addChat, upsertQuestion, sendPending]);

  const sendChat = useCallback(
    (body: string) => {
      const p = { clientId: newClientId(), body };
      pendingRef.current = [...pendingRef.current, p];
      setPending(pendingRef.current);
      void sendPending(p);
    },
    [sendPending],
  );

  const dismissPending = useCallback((clientId: string) => {
    pendingRef.current = pendingRef.current.filter((p) => p.clientId !== clientId);
    setPending(pendingRef.current);
  }, []);

  const ask = useCallback(
    async (body: string, anonymous: boolean) => {
      const reply = await call<{ question: QuestionView }>("qa:ask", { clientId: newClientId(), body, anonymous });
      if (!reply.ok) return reply.error;
      setMine((m) => new Set(m).add(reply.question.id));
      upsertQuestion(reply.question);
      return null;
    },
    [call, upsertQuestion],
  );

  const vote = useCallback(
    async (questionId: string) => {
      const reply = await call<{ question: QuestionView }>("qa:vote", { questionId });
      if (!reply.ok) return setError(reply.error);
      setMyVotes((v) => new Set(v).add(questionId));
    },
    [call],
  );

  /** For actions whose result comes back as a broadcast: only an error needs handling here. */
  const act = useCallback(
    async (event: string, payload: object) => {
      const reply = await call(event, payload);
      if (!reply.ok) setError(reply.error);
      return reply.ok;
    },
    [call],
  );

  return { slide, chat: [...chat.values()].sort((a, b) => a.seq - b.seq), pending, questions: [...questions.values()], mine, myVotes, slowMode, muted, online, error, setError, sendChat, dismissPending, ask, vote, act };
}
