import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Socket } from "socket.io-client";
import { getSocket } from "~/components/messaging/socket-client";
import type { ViewingNow as Figure } from "~/modules/roadshows/analytics.server";

type Shown = Pick<Figure, "count" | "named">;

/**
 * "Viewing now" on the deck's analytics page, kept current over the app's socket (ADR 0827): the server pushes the
 * figure when a viewer opens the deck or comes back, and the page asks again when the first viewer would drop out
 * (no heartbeat for a minute). Without JavaScript, or until the socket answers, the loader's figure is shown.
 */
export function ViewingNow({ deckId, initial }: { deckId: string; initial: Figure }) {
  const { t } = useTranslation("roadshows");
  const [now, setNow] = useState<Shown>(initial);
  useEffect(() => {
    let socket: Socket | null = null;
    let timer: number | undefined;
    let gone = false;
    const show = (f: Figure) => {
      setNow({ count: f.count, named: f.named });
      window.clearTimeout(timer);
      // Asked again a moment after the first viewer's minute runs out (a heartbeat may still arrive on time).
      if (f.changesInMs !== null) timer = window.setTimeout(watch, Math.max(1_000, f.changesInMs + 1_000));
    };
    const watch = () =>
      socket?.emit("deck-analytics:watch", { deckId }, (reply: ({ ok: true } & Figure) | { ok: false }) => {
        if (!gone && reply.ok) show(reply);
      });
    const onPush = (f: Figure & { deckId: string }) => {
      if (f.deckId === deckId) show(f);
    };
    void getSocket().then((s) => {
      if (gone) return;
      socket = s;
      s.on("deck:viewing-now", onPush);
      // (Re)joins the deck's room on every connection: a reconnect starts without rooms.
      s.on("connect", watch);
      if (s.connected) watch();
    });
    return () => {
      gone = true;
      window.clearTimeout(timer);
      if (socket) {
        socket.off("deck:viewing-now", onPush);
        socket.off("connect", watch);
        socket.emit("deck-analytics:unwatch", { deckId });
      }
    };
  }, [deckId]);
  return (
    <div className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="viewing-now" aria-live="polite">
      <strong>{t("analytics.viewingNow", { n: now.count })}</strong>
      {now.named.length ? <span className="block">{now.named.map((v) => t("analytics.viewingNowNamed", { name: v.name, version: v.version })).join(t("common:listSeparator"))}</span> : null}
      <span className="block text-xs text-slate-600">{t("analytics.viewingNowNote")}</span>
    </div>
  );
}
