import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/dates";

type Entry = { questionId: string; eventId: string; eventTitle: string; eventEndsAt: number; question: string; answer: string };

/**
 * The FAQ the enterprise published from its roadshows' answered questions: question, answer in the enterprise's
 * wording, the roadshow it came from. Who asked is never part of it.
 */
export function RoadshowFaq({ entries, canManage }: { entries: Entry[]; canManage: boolean }) {
  const { t, i18n } = useTranslation("enterprises");
  if (!entries.length && !canManage) return null;
  return (
    <section className="card" aria-labelledby="faq-h" data-testid="profile-faq">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="faq-h" className="text-lg font-semibold">{t("faq.title")}</h2>
        {canManage ? <Link to="/roadshows/faq" className="text-sm">{t("faq.manage")}</Link> : null}
      </div>
      {entries.length ? (
        <dl className="mt-3 divide-y">
          {entries.map((e) => (
            <div key={e.questionId} className="py-3">
              <dt className="font-medium">{e.question}</dt>
              <dd className="mt-1 whitespace-pre-wrap text-sm">{e.answer}</dd>
              <dd className="mt-1 text-xs text-slate-500">
                {t("faq.from")} <Link to={`/roadshows/${e.eventId}`}>{e.eventTitle}</Link> · {formatDate(e.eventEndsAt, i18n.language)}
              </dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="mt-3 text-sm text-slate-500">{t("faq.empty")}</p>
      )}
    </section>
  );
}
