import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/dates";

type Item = {
  questionId: string;
  eventId: string;
  eventTitle: string;
  eventEndsAt: number;
  question: string;
  originalAnswer: string | null;
  answeredLive: boolean;
  votes: number;
  reworded: string | null;
};

const MAX = 5000;

/** The enterprise's FAQ workspace: what its profile shows (reword, order, withdraw) and what it could add. */
export function FaqManager({ published, candidates, enterpriseOrgId }: { published: Item[]; candidates: Item[]; enterpriseOrgId: string }) {
  const { t, i18n } = useTranslation("roadshows");
  const ids = published.map((p) => p.questionId);
  /** The whole order with entry i moved by `by` places: an idempotent write (sending it twice is the same order). */
  const moved = (i: number, by: -1 | 1) => {
    const next = [...ids];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    return next;
  };
  const origin = (item: Item) => (
    <p className="text-xs text-slate-500">
      <Link to={`/roadshows/${item.eventId}`}>{item.eventTitle}</Link> · {formatDate(item.eventEndsAt, i18n.language)} · {t("faq.votes", { count: item.votes })}
    </p>
  );
  return (
    <>
      <section className="card space-y-3" aria-labelledby="faq-published-h" data-testid="faq-published">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="faq-published-h" className="text-lg font-semibold">{t("faq.published")}</h2>
          <Link to={`/enterprises/${enterpriseOrgId}`} className="text-sm">{t("faq.onProfile")}</Link>
        </div>
        {published.length === 0 ? <p className="text-sm text-slate-500">{t("faq.noneYet")}</p> : null}
        <ol className="divide-y">
          {published.map((item, i) => (
            <li key={item.questionId} className="space-y-2 py-3" data-testid="faq-entry">
              <p className="font-medium">{item.question}</p>
              {origin(item)}
              <p className="text-sm text-slate-600">
                <span className="font-medium">{t("faq.original")}</span> {item.originalAnswer ?? t("faq.answeredLiveOnly")}
              </p>
              <Form method="post" className="space-y-2">
                <input type="hidden" name="questionId" value={item.questionId} />
                <label htmlFor={`reword-${item.questionId}`} className="field-label">{t("faq.wording")}</label>
                <textarea id={`reword-${item.questionId}`} name="answerText" rows={3} maxLength={MAX} defaultValue={item.reworded ?? item.originalAnswer ?? ""} className="field-input" />
                <p className="text-xs text-slate-500">{t("faq.wordingHint")}</p>
                <div className="flex flex-wrap gap-2">
                  <button name="intent" value="reword" className="btn-secondary">{t("faq.saveWording")}</button>
                  <button name="intent" value="unpublish" className="btn-secondary">{t("faq.unpublish")}</button>
                </div>
              </Form>
              <div className="flex gap-2">
                {([-1, 1] as const).map((by) =>
                  (by === -1 ? i > 0 : i < published.length - 1) ? (
                    <Form key={by} method="post">
                      <input type="hidden" name="intent" value="order" />
                      {moved(i, by).map((id, k) => (
                        <input key={id} type="hidden" name={`questionIds[${k}]`} value={id} />
                      ))}
                      <button className="btn-secondary text-xs" aria-label={t(by === -1 ? "faq.moveUpOf" : "faq.moveDownOf", { question: item.question })}>
                        {t(by === -1 ? "faq.moveUp" : "faq.moveDown")}
                      </button>
                    </Form>
                  ) : null,
                )}
              </div>
            </li>
          ))}
        </ol>
      </section>

      <section className="card space-y-3" aria-labelledby="faq-candidates-h" data-testid="faq-candidates">
        <h2 id="faq-candidates-h" className="text-lg font-semibold">{t("faq.candidates")}</h2>
        <p className="text-sm text-slate-600">{t("faq.candidatesHint")}</p>
        {candidates.length === 0 ? <p className="text-sm text-slate-500">{t("faq.noCandidates")}</p> : null}
        <ul className="divide-y">
          {candidates.map((item) => (
            <li key={item.questionId} className="space-y-2 py-3" data-testid="faq-candidate">
              <p className="font-medium">{item.question}</p>
              {origin(item)}
              <Form method="post" className="space-y-2">
                <input type="hidden" name="questionId" value={item.questionId} />
                <label htmlFor={`publish-${item.questionId}`} className="field-label">{t("faq.answerToPublish")}</label>
                <textarea
                  id={`publish-${item.questionId}`}
                  name="answerText"
                  rows={3}
                  maxLength={MAX}
                  defaultValue={item.reworded ?? item.originalAnswer ?? ""}
                  required={!item.originalAnswer}
                  placeholder={item.originalAnswer ? undefined : t("faq.answeredLiveOnly")}
                  className="field-input"
                />
                <button name="intent" value="publish" className="btn-primary">{t("faq.publish")}</button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
