import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/utils/dates";

export type EventListItem = {
  id: string;
  title: string;
  format: "online" | "onsite" | "hybrid";
  audience: "public" | "members" | "invited";
  startsAt: number;
  endsAt: number;
  state: "scheduled" | "cancelled";
  venueName: string;
  presenters: string[];
  registered: number;
  waitlisted: number;
  capacity: number;
  phase?: "upcoming" | "live" | "ended" | "cancelled";
};

/** "2026-03-05 14:00–15:30" in Beijing time, labelled as such. */
export function EventTime({ startsAt, endsAt }: { startsAt: number; endsAt: number }) {
  const { t, i18n } = useTranslation("roadshows");
  const start = formatDateTime(startsAt, i18n.language);
  const end = formatDateTime(endsAt, i18n.language).slice(-5);
  return <span>{t("event.when", { start, end })}</span>;
}

export function PhaseBadge({ phase }: { phase: NonNullable<EventListItem["phase"]> }) {
  const { t } = useTranslation("roadshows");
  const tone = phase === "live" ? "bg-red-100 text-red-800" : phase === "cancelled" ? "bg-slate-200 text-slate-700" : phase === "ended" ? "bg-slate-100 text-slate-600" : "bg-emerald-100 text-emerald-800";
  return <span className={`badge ${tone}`}>{t(`phase.${phase}`)}</span>;
}

export function EventCard({ e }: { e: EventListItem }) {
  const { t } = useTranslation("roadshows");
  return (
    <li className="card flex flex-wrap items-start justify-between gap-3">
      <div className="space-y-1">
        <Link to={`/roadshows/${e.id}`} className="text-lg font-medium">
          {e.title}
        </Link>
        <p className="text-sm text-slate-600">
          <EventTime startsAt={e.startsAt} endsAt={e.endsAt} /> · {t(`format.${e.format}`)} · {e.venueName}
        </p>
        <p className="text-sm text-slate-600">{t("event.presenters", { names: e.presenters.join("、") })}</p>
      </div>
      <div className="flex flex-col items-end gap-1 text-sm">
        {e.phase ? <PhaseBadge phase={e.phase} /> : null}
        <span className="text-slate-500">{t("event.seats", { registered: e.registered, capacity: e.capacity, waitlisted: e.waitlisted })}</span>
      </div>
    </li>
  );
}
