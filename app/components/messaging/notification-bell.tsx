import { Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { getSocket } from "./socket-client";

/**
 * The header's unread badge: fetched once, then kept live by the server's notification:count
 * pushes. Without JavaScript it is a plain link to the notification centre.
 *
 * The first count is a plain request, not a router fetcher: a fetcher's failed request (the connection dropping while
 * it is under way) is an error of the page, and the page under the header — a conversation being read — was replaced
 * by the error page. A count lost that way is 0 until the next push.
 */
export function NotificationBell() {
  const { t } = useTranslation("messaging");
  const [first, setFirst] = useState<number | null>(null);
  const [live, setLive] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    fetch("/notifications/count")
      .then((res) => (res.ok ? (res.json() as Promise<{ unread: number }>) : null))
      .then((body) => {
        if (!cancelled && body) setFirst(body.unread);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    let off: (() => void) | undefined;
    let cancelled = false;
    getSocket()
      .then((socket) => {
        if (cancelled) return;
        const onCount = (p: { unread: number }) => setLive(p.unread);
        socket.on("notification:count", onCount);
        off = () => socket.off("notification:count", onCount);
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      off?.();
    };
  }, []);

  const unread = live ?? first ?? 0;
  return (
    <Link
      to="/notifications"
      className="relative inline-flex items-center rounded p-1.5 text-slate-700 hover:bg-slate-100"
      data-testid="notification-bell"
    >
      {/* The name is built from the visible count, so what a voice-control user reads is what the link is called. */}
      <span className="sr-only">{t("bell.label")}</span>
      <svg aria-hidden="true" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {unread > 0 ? (
        <span className="absolute -right-1 -top-1 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[0.65rem] font-semibold leading-[1.1rem] text-white" data-testid="notification-count">
          {unread > 99 ? "99+" : unread}
          <span className="sr-only"> {t("bell.unreadSuffix")}</span>
        </span>
      ) : null}
    </Link>
  );
}
