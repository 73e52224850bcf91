import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { translateMessage } from "~/components/ui/message";
import { MessageItem } from "~/components/messaging/message-item";
import { useChat } from "~/components/messaging/use-chat";
import { MAX_MESSAGE_CHARS } from "~/modules/messaging/limits";
import type { AckReply, AttachmentView } from "~/modules/messaging/types";
import { replyErrors } from "~/utils/action-result";
import type { loader, action } from "~/routes/_app.messages.$id";

/** Same "key|{json}" encoding the forms use, so translateMessage reads service and socket errors alike. */
function encodeMessage(key: string, values: Record<string, string | number> = {}): string {
  return Object.keys(values).length ? `${key}|${JSON.stringify(values)}` : key;
}

export function ThreadPage() {
  const { t } = useTranslation("messaging");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const sendErrors = replyErrors(actionData);
  // Opening the thread is reading it: the live thread marks what it shows as read over the socket once it has joined
  // (and again after every reconnection), never from the loader. A request of the router's would be worse here: if the
  // connection dropped while it was under way, its failure replaced the conversation with the error page.
  const chat = useChat({ conversationId: data.conversationId, me: data.me, initial: data.messages, receipts: data.receipts });
  const [hydrated, setHydrated] = useState(false);
  const [draft, setDraft] = useState(typeof actionData?.initialValue?.body === "string" ? actionData.initialValue.body : "");
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setHydrated(true);
  }, []);
  // Block body on purpose: newer Chromium returns a promise from scrollIntoView, and an effect must
  // return nothing but a cleanup function.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [chat.messages.length, chat.pending.length]);

  const submitText = (event: React.FormEvent<HTMLFormElement>) => {
    if (!hydrated) return;
    event.preventDefault();
    if (!draft.trim()) return;
    chat.send(draft);
    setDraft("");
  };

  const submitFile = async (event: React.FormEvent<HTMLFormElement>) => {
    if (!hydrated) return;
    event.preventDefault();
    const formEl = event.currentTarget;
    const formData = new FormData(formEl);
    setUploading(true);
    setUploadError(null);
    try {
      const res = await fetch(formEl.action, { method: "POST", body: formData, headers: { "X-Attach-Only": "1" } });
      const reply = (await res.json()) as AckReply<{ attachment: AttachmentView }>;
      if (reply.ok) {
        chat.send(String(formData.get("body") ?? ""), [reply.attachment.id]);
        formEl.reset();
      } else setUploadError(encodeMessage(reply.error.message, reply.error.values));
    } catch {
      setUploadError("messaging:errors.timeout");
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <Link to="/messages" className="text-sm">
        ← {t("thread.back")}
      </Link>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="page-title">{t("thread.title", { org: data.counterpart })}</h1>
        <span
          className={`text-xs ${chat.connection === "online" ? "text-jade-600" : "text-slate-500"}`}
          role="status"
          data-testid="connection"
          data-state={hydrated ? chat.connection : "none"}
        >
          {hydrated ? t(`thread.connection.${chat.connection}`) : null}
        </span>
      </div>
      <p className="text-sm text-slate-600">
        {data.subjectHref ? <Link to={data.subjectHref}>{t(`subjects.${data.subjectType}`)}</Link> : t(`subjects.${data.subjectType}`)} · {t("thread.participants")}: {data.enterprise.name}、{data.member.name}
        {data.staff.length ? ` · ${t("thread.staff")}: ${data.staff.map((s) => s.name).join(t("common:listSeparator"))}` : ""}
      </p>

      <section className="rounded-lg border border-slate-200 bg-slate-50 p-3" aria-live="polite" aria-relevant="additions">
        {data.hasEarlier ? <p className="mb-2 text-center text-xs text-slate-500">{t("thread.earlier")}</p> : null}
        {chat.messages.length === 0 && chat.pending.length === 0 ? <p className="py-6 text-center text-sm text-slate-500">{t("thread.empty")}</p> : null}
        <ol className="space-y-2" data-testid="thread">
          {chat.messages.map((m) => {
            const mine = m.senderUserId === data.me.userId;
            return <MessageItem key={m.seq} message={m} mine={mine} status={mine ? chat.statusOf(m) : null} />;
          })}
          {chat.pending.map((o) => (
            <li key={o.clientId} className="flex justify-end" data-testid="pending-message" data-state={o.state}>
              <div className="max-w-[80%] rounded-lg bg-brand-50/60 px-3 py-2 text-sm text-slate-700 shadow-sm">
                {o.body ? <p className="whitespace-pre-wrap break-words">{o.body}</p> : null}
                <div className="mt-0.5 text-right text-xs text-slate-500">
                  {o.state === "failed" ? (
                    <>
                      <span className="text-red-700">{t("thread.status.failed", { error: o.error ? translateMessage(t, encodeMessage(o.error.message, o.error.values)) : "" })}</span>{" "}
                      <button type="button" className="underline" onClick={() => chat.discard(o.clientId)}>
                        {t("thread.removeAttachment")}
                      </button>
                    </>
                  ) : (
                    `⏳ ${t(o.state === "sending" ? "thread.status.sending" : "thread.status.queued")}`
                  )}
                </div>
              </div>
            </li>
          ))}
        </ol>
        <div ref={bottom} />
        <p className="mt-2 h-4 text-xs italic text-slate-500" data-testid="typing">
          {chat.typing ? t("thread.typing", { name: chat.typing }) : ""}
        </p>
      </section>

      <Form method="post" onSubmit={submitText} className="space-y-2" data-testid="message-form">
        <input type="hidden" name="clientId" value={data.clientId} />
        <label htmlFor="body" className="field-label">
          {t("thread.bodyLabel")}
        </label>
        <textarea
          id="body"
          name="body"
          rows={3}
          maxLength={MAX_MESSAGE_CHARS}
          className="field-input"
          placeholder={t("thread.placeholder", { max: MAX_MESSAGE_CHARS })}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            chat.notifyTyping();
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
          }}
          aria-invalid={sendErrors ? true : undefined}
          aria-describedby={sendErrors ? "body-error" : undefined}
        />
        {sendErrors ? (
          <p id="body-error" className="field-error" role="alert">
            {sendErrors.map((e) => translateMessage(t, e)).join(" ")}
          </p>
        ) : null}
        <div className="flex items-center justify-between">
          <span className="text-xs text-slate-500">{t("thread.charCount", { count: draft.length, max: MAX_MESSAGE_CHARS })}</span>
          <button type="submit" name="intent" value="send" className="btn-primary" data-testid="send">
            {t("thread.send")}
          </button>
        </div>
      </Form>

      <form method="post" action={`/upload/messages/${data.conversationId}`} encType="multipart/form-data" onSubmit={submitFile} className="card space-y-2">
        <input type="hidden" name="clientId" value={`${data.clientId}f`} />
        <label htmlFor="file" className="field-label">
          {t("thread.attach")}
        </label>
        <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg,image/webp" className="text-sm" required />
        <p className="field-hint">{t("thread.attachHint")}</p>
        {uploadError ? (
          <p className="field-error" role="alert">
            {translateMessage(t, uploadError)}
          </p>
        ) : null}
        <button type="submit" className="btn-secondary" disabled={uploading}>
          {uploading ? t("thread.uploading") : t("thread.upload")}
        </button>
      </form>

      {data.staffCandidates.length ? (
        <Form method="post" className="flex flex-wrap items-end gap-2 text-sm">
          <label className="field-label w-full" htmlFor="staffUserId">
            {t("thread.addStaff")}
          </label>
          <select id="staffUserId" name="staffUserId" className="field-input w-auto">
            {data.staffCandidates.map((s) => (
              <option key={s.userId} value={s.userId}>
                {s.name}
              </option>
            ))}
          </select>
          <button name="intent" value="addStaff" className="btn-secondary">
            {t("thread.addStaffButton")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
