import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { EventTime } from "~/components/roadshows/event-bits";
import { useLiveRoom, type Slide } from "~/components/roadshows/use-live-room";
import { translateMessage } from "~/components/ui/message";
import { formatDateTime } from "~/utils/dates";
import type { loader } from "~/routes/roadshows.$id.live";

function Video({ src }: { src: string }) {
  const { t } = useTranslation("roadshows");
  const ref = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    let destroy = () => {};
    // hls.js is loaded only when the event has a stream.
    void import("hls.js").then(({ default: Hls }) => {
      if (Hls.isSupported()) {
        const hls = new Hls();
        hls.on(Hls.Events.ERROR, (_e, data) => data.fatal && setFailed(true));
        hls.loadSource(src);
        hls.attachMedia(video);
        destroy = () => hls.destroy();
      } else if (video.canPlayType("application/vnd.apple.mpegurl")) {
        video.src = src;
      } else setFailed(true);
    });
    return () => destroy();
  }, [src]);
  return (
    <div className="space-y-1">
      <video ref={ref} controls muted autoPlay playsInline className="aspect-video w-full rounded bg-black" data-testid="live-video" />
      {failed ? <p className="text-sm text-red-700">{t("live.videoFailed")}</p> : null}
    </div>
  );
}

export function LiveRoomPage() {
  const { t, i18n } = useTranslation("roadshows");
  const { room, me } = useLoaderData<typeof loader>();
  const { event, role, slots } = room;
  const [consent, setConsent] = useState<boolean | null>(null);
  const live = useLiveRoom({ eventId: event.id, initial: room, staffView: role.staffView, consent });
  const [browsing, setBrowsing] = useState<Slide | null>(null);
  const shown = browsing ?? live.slide;
  const deckOf = (deckId: string) => slots.find((s) => s.deck?.deckId === deckId)?.deck ?? null;
  const shownDeck = shown ? deckOf(shown.deckId) : null;
  const ended = room.phase === "ended";

  // Pages seen, for attendance (only once joined).
  useEffect(() => {
    if (!shown || consent === null || !live.online) return;
    void live.act("page:seen", { deckId: shown.deckId, page: shown.page });
    // act is stable per event; the page is what matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shown?.deckId, shown?.page, consent, live.online]);

  const go = (delta: number) => {
    if (!shown || !shownDeck) return;
    const page = Math.min(shownDeck.pageCount, Math.max(1, shown.page + delta));
    if (role.canPresent && !browsing) void live.act("slide:set", { deckId: shown.deckId, page });
    else setBrowsing({ deckId: shown.deckId, page });
  };

  const [chatText, setChatText] = useState("");
  const [question, setQuestion] = useState("");
  const [anonymous, setAnonymous] = useState(false);
  const [askError, setAskError] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [mergeInto, setMergeInto] = useState<Record<string, string>>({});

  const visibleQuestions = useMemo(
    () => live.questions.filter((q) => q.state === "approved" || (q.state === "pending" && (role.staffView || live.mine.has(q.id)))).sort((a, b) => b.votes - a.votes || a.createdAt - b.createdAt),
    [live.questions, live.mine, role.staffView],
  );
  const pendingQuestions = visibleQuestions.filter((q) => q.state === "pending");
  const approvedQuestions = visibleQuestions.filter((q) => q.state === "approved");

  if (consent === null) {
    return (
      <main id="main" className="mx-auto max-w-3xl space-y-4 px-4 py-8">
        <h1 className="page-title">{event.title}</h1>
        <p className="text-slate-600"><EventTime startsAt={event.startsAt} endsAt={event.endsAt} /></p>
        <section className="card space-y-3">
          <p className="text-sm text-slate-700">{t("live.enterIntro")}</p>
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" id="consent" className="mt-1" />
            <span>{t("live.consent")}</span>
          </label>
          <button type="button" className="btn-primary" onClick={() => setConsent((document.getElementById("consent") as HTMLInputElement).checked)}>
            {t("live.enter")}
          </button>
        </section>
      </main>
    );
  }

  return (
    <main id="main" className="mx-auto max-w-7xl space-y-4 px-4 py-6" data-testid="live-room" data-online={live.online ? "yes" : "no"}>
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{event.title}</h1>
          <p className="text-sm text-slate-600">
            <EventTime startsAt={event.startsAt} endsAt={event.endsAt} /> · <Link to={`/roadshows/${event.id}`}>{t("live.eventPage")}</Link>
          </p>
        </div>
        <span className={`badge ${live.online ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-800"}`}>{live.online ? t("live.online") : t("live.connecting")}</span>
      </header>
      {live.error ? (
        <p role="alert" className="card border-red-200 bg-red-50 text-sm text-red-800">
          {translateMessage(t, `${live.error.message}${live.error.values ? `|${JSON.stringify(live.error.values)}` : ""}`)}{" "}
          <button type="button" className="underline" onClick={() => live.setError(null)}>{t("live.dismiss")}</button>
        </p>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <section className="space-y-3" aria-label={t("live.slides")}>
          {event.streamUrl ? <Video src={event.streamUrl} /> : null}
          {event.recordingUrl && ended ? <a href={event.recordingUrl} target="_blank" rel="noopener noreferrer" className="btn-secondary">{t("event.recording")}</a> : null}
          {shown && shownDeck ? (
            <figure className="card p-2" onContextMenu={(e) => e.preventDefault()}>
              <img
                src={`/roadshows/${event.id}/deck/${shown.deckId}/${shown.page}?v=${shownDeck.version}&lng=${i18n.language}`}
                alt={t("viewer.pageAlt", { page: shown.page, total: shownDeck.pageCount })}
                className="w-full select-none"
                draggable={false}
                data-testid="slide"
                data-page={shown.page}
              />
              <figcaption className="mt-2 flex flex-wrap items-center justify-between gap-2 text-sm">
                <span>{shownDeck.title} · {shown.page} / {shownDeck.pageCount}</span>
                <span className="flex gap-2">
                  <button type="button" className="btn-secondary px-3 py-1" onClick={() => go(-1)} disabled={shown.page <= 1}>{t("live.prev")}</button>
                  <button type="button" className="btn-secondary px-3 py-1" onClick={() => go(1)} disabled={shown.page >= shownDeck.pageCount}>{t("live.next")}</button>
                  {browsing ? <button type="button" className="btn-primary px-3 py-1" onClick={() => setBrowsing(null)}>{t("live.backToPresenter")}</button> : null}
                </span>
              </figcaption>
              {role.canPresent && !browsing ? <p className="text-xs text-slate-500">{t("live.youControl")}</p> : null}
            </figure>
          ) : (
            <p className="card text-slate-500">{t("live.noSlides")}</p>
          )}
          {role.canPresent && slots.filter((s) => s.deck).length > 1 ? (
            <div className="flex flex-wrap gap-2 text-sm">
              {slots.map((s) =>
                s.deck ? (
                  <button key={s.position} type="button" className="btn-secondary px-3 py-1" onClick={() => void live.act("slide:set", { deckId: s.deck!.deckId, page: 1 })}>
                    {t("live.switchTo", { name: s.name })}
                  </button>
                ) : null,
              )}
            </div>
          ) : null}

          <section className="card space-y-3" aria-labelledby="qa-h">
            <h2 id="qa-h" className="text-lg font-semibold">{t("live.qa")}</h2>
            {!ended ? (
              <form
                className="space-y-2"
                onSubmit={async (e) => {
                  e.preventDefault();
                  const err = await live.ask(question, anonymous);
                  setAskError(err ? translateMessage(t, `${err.message}${err.values ? `|${JSON.stringify(err.values)}` : ""}`) : null);
                  if (!err) setQuestion("");
                }}
              >
                <label htmlFor="question" className="field-label">{t("live.askLabel")}</label>
                <textarea id="question" className="field-input" rows={2} value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={2000} />
                {askError ? <p className="field-error" role="alert">{askError}</p> : null}
                <div className="flex items-center justify-between gap-2">
                  <label className="flex items-center gap-2 text-sm"><input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />{t("live.anonymous")}</label>
                  <button className="btn-primary px-3 py-1" disabled={!question.trim()}>{t("live.ask")}</button>
                </div>
                <p className="text-xs text-slate-500">{t("live.screened")}</p>
              </form>
            ) : null}
            {role.staffView && pendingQuestions.length ? (
              <div className="space-y-2 rounded border border-amber-200 bg-amber-50 p-2" data-testid="pending-questions">
                <h3 className="text-sm font-semibold">{t("live.pending", { n: pendingQuestions.length })}</h3>
                {pendingQuestions.map((q) => (
                  <div key={q.id} className="rounded bg-white p-2 text-sm">
                    <p className="whitespace-pre-wrap">{q.body}</p>
                    <p className="text-xs text-slate-500">{q.askerName} · {q.askerOrgName}{q.anonymous ? ` · ${t("live.askedAnonymously")}` : ""}</p>
                    {role.canModerate ? (
                      <div className="mt-1 flex gap-2">
                        <button type="button" className="btn-primary px-2 py-0.5 text-xs" onClick={() => void live.act("qa:moderate", { questionId: q.id, change: { action: "approve" } })}>{t("live.approve")}</button>
                        <button type="button" className="btn-secondary px-2 py-0.5 text-xs" onClick={() => void live.act("qa:moderate", { questionId: q.id, change: { action: "hide" } })}>{t("live.hide")}</button>
                      </div>
                    ) : null}
                  </div>
                ))}
              </div>
            ) : null}
            <ol className="space-y-2" data-testid="questions">
              {approvedQuestions.map((q) => (
                <li key={q.id} className={`rounded border p-2 text-sm ${q.answeringNow ? "border-brand-500 bg-brand-50" : "border-slate-200"}`} data-question={q.id}>
                  <div className="flex items-start justify-between gap-2">
                    <p className="whitespace-pre-wrap font-medium">{q.body}</p>
                    <button type="button" className="btn-secondary shrink-0 px-2 py-0.5 text-xs" disabled={ended || live.myVotes.has(q.id)} onClick={() => void live.vote(q.id)} aria-label={t("live.upvote")}>
                      ▲ <span data-testid="votes">{q.votes}</span>
                    </button>
                  </div>
                  <p className="text-xs text-slate-500">
                    {q.askerName ? `${q.askerName} · ${q.askerOrgName}` : t("live.anonymousAsker")}
                    {q.answeringNow ? ` · ${t("live.answeringNow")}` : ""}
                  </p>
                  {q.answerText ? <p className="mt-1 whitespace-pre-wrap text-slate-700">{t("event.answer")}: {q.answerText}</p> : null}
                  {q.answeredLive ? <p className="mt-1 text-xs text-emerald-700">{t("live.answeredLive")}</p> : null}
                  {role.canModerate && !ended ? (
                    <div className="mt-1 flex flex-wrap items-center gap-2 text-xs">
                      <button type="button" className="underline" onClick={() => void live.act("qa:moderate", { questionId: q.id, change: { action: "answering" } })}>{t("live.markAnswering")}</button>
                      <button type="button" className="underline" onClick={() => void live.act("qa:moderate", { questionId: q.id, change: { action: "hide" } })}>{t("live.hide")}</button>
                      <select aria-label={t("live.mergeInto")} className="field-input w-40 py-0 text-xs" value={mergeInto[q.id] ?? ""} onChange={(e) => setMergeInto({ ...mergeInto, [q.id]: e.target.value })}>
                        <option value="">{t("live.mergeInto")}</option>
                        {approvedQuestions.filter((o) => o.id !== q.id).map((o) => <option key={o.id} value={o.id}>{o.body.slice(0, 30)}</option>)}
                      </select>
                      {mergeInto[q.id] ? <button type="button" className="underline" onClick={() => void live.act("qa:moderate", { questionId: q.id, change: { action: "merge", intoId: mergeInto[q.id] } })}>{t("live.merge")}</button> : null}
                    </div>
                  ) : null}
                  {role.canAnswer ? (
                    <form
                      className="mt-2 flex flex-wrap gap-2"
                      onSubmit={async (e) => {
                        e.preventDefault();
                        if (await live.act("qa:answer", { questionId: q.id, text: answers[q.id] ?? "" })) setAnswers({ ...answers, [q.id]: "" });
                      }}
                    >
                      <label className="sr-only" htmlFor={`answer-${q.id}`}>{t("live.answerLabel")}</label>
                      <input id={`answer-${q.id}`} className="field-input flex-1 py-1 text-sm" placeholder={t("live.answerLabel")} value={answers[q.id] ?? ""} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} />
                      <button className="btn-primary px-2 py-1 text-xs" disabled={!(answers[q.id] ?? "").trim()}>{t("live.answer")}</button>
                      <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => void live.act("qa:answer", { questionId: q.id, live: true })}>{t("live.markAnsweredLive")}</button>
                    </form>
                  ) : null}
                </li>
              ))}
            </ol>
            {!approvedQuestions.length ? <p className="text-sm text-slate-500">{t("live.noQuestions")}</p> : null}
          </section>
        </section>

        <section className="card flex max-h-[80vh] flex-col gap-2" aria-labelledby="chat-h">
          <div className="flex items-center justify-between gap-2">
            <h2 id="chat-h" className="text-lg font-semibold">{t("live.chat")}</h2>
            {live.slowMode ? <span className="badge">{t("live.slowMode", { n: live.slowMode })}</span> : null}
          </div>
          {role.canModerate && !ended ? (
            <label className="flex items-center gap-2 text-xs">
              {t("live.setSlowMode")}
              <select className="field-input w-24 py-0 text-xs" value={live.slowMode} onChange={(e) => void live.act("chat:slow", { seconds: Number(e.target.value) })}>
                {[0, 5, 10, 30, 60].map((s) => <option key={s} value={s}>{s ? t("live.seconds", { n: s }) : t("live.off")}</option>)}
              </select>
            </label>
          ) : null}
          <ol className="flex-1 space-y-1 overflow-y-auto text-sm" data-testid="chat">
            {live.chat.map((m) => (
              <li key={m.seq} data-seq={m.seq}>
                <span className="text-xs text-slate-500">{formatDateTime(m.createdAt, i18n.language).slice(-5)} </span>
                <span className="font-medium">{m.name}</span>
                <span className="text-xs text-slate-500"> · {m.orgName}</span>
                {m.deleted ? <span className="italic text-slate-500"> {t("live.deleted")}</span> : <span className="whitespace-pre-wrap">：{m.body}</span>}
                {role.canModerate && !m.deleted && !ended ? (
                  <span className="ml-2 text-xs">
                    <button type="button" className="underline" onClick={() => void live.act("chat:delete", { messageId: m.id })}>{t("live.delete")}</button>
                    {m.userId !== me.userId ? <button type="button" className="ml-1 underline" onClick={() => void live.act("chat:mute", { userId: m.userId, muted: true })}>{t("live.mute")}</button> : null}
                  </span>
                ) : null}
              </li>
            ))}
            {live.pending.map((p) => (
              <li key={p.clientId} className="text-slate-500">
                {p.body} {p.error ? <span className="text-red-700">· {translateMessage(t, `${p.error.message}${p.error.values ? `|${JSON.stringify(p.error.values)}` : ""}`)} <button type="button" className="underline" onClick={() => live.dismissPending(p.clientId)}>{t("live.dismiss")}</button></span> : `· ${t("live.sending")}`}
              </li>
            ))}
          </ol>
          {ended ? (
            <p className="text-sm text-slate-500">{t("live.chatClosed")}</p>
          ) : live.muted ? (
            <p className="text-sm text-amber-700">{t("live.youAreMuted")}</p>
          ) : (
            <form
              className="flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (!chatText.trim()) return;
                live.sendChat(chatText);
                setChatText("");
              }}
            >
              <label htmlFor="chat-input" className="sr-only">{t("live.chatLabel")}</label>
              <input id="chat-input" className="field-input flex-1" value={chatText} maxLength={500} onChange={(e) => setChatText(e.target.value)} placeholder={t("live.chatLabel")} />
              <button className="btn-primary px-3">{t("live.send")}</button>
            </form>
          )}
        </section>
      </div>
    </main>
  );
}
