import { memo } from "react";
import { useTranslation } from "react-i18next";
import type { AttachmentView, MessageView } from "~/modules/messaging/types";
import { formatDateTime } from "~/utils/dates";

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function Attachments({ items }: { items: AttachmentView[] }) {
  const { t } = useTranslation("messaging");
  if (!items.length) return null;
  return (
    <ul className="mt-1 space-y-1">
      {items.map((a) => (
        <li key={a.id}>
          <a href={`/messages/attachments/${a.id}`} className="text-sm underline" download>
            📎 {t("thread.download", { name: a.fileName, size: formatSize(a.sizeBytes) })}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * One message of a thread. Memoised on the message and its status: a long thread (hundreds of messages after an
 * outage's replay) then renders only the rows that arrived or changed, not the whole list per live message.
 */
export const MessageItem = memo(function MessageItem({ message: m, mine, status }: { message: MessageView; mine: boolean; status: "sent" | "delivered" | "read" | null }) {
  const { t, i18n } = useTranslation("messaging");
  return (
    <li id={`m${m.seq}`} className={`flex ${mine ? "justify-end" : "justify-start"}`} data-testid="message" data-seq={m.seq}>
      <div className={`max-w-[80%] rounded-lg px-3 py-2 text-sm shadow-sm ${mine ? "bg-brand-50 text-slate-900" : "bg-white text-slate-900 ring-1 ring-slate-200"}`}>
        <div className="mb-0.5 text-xs text-slate-500">
          {mine ? t("thread.you") : m.senderName} · {formatDateTime(m.createdAt, i18n.language)}
        </div>
        {m.body ? (
          <p className="whitespace-pre-wrap break-words" data-testid="message-body">
            {m.body}
          </p>
        ) : null}
        <Attachments items={m.attachments} />
        {status ? (
          <div className="mt-0.5 text-right text-xs text-slate-500" data-testid="message-status">
            {status === "read" ? "✓✓ " : status === "delivered" ? "✓✓ " : "✓ "}
            {t(`thread.status.${status}`)}
          </div>
        ) : null}
      </div>
    </li>
  );
});
