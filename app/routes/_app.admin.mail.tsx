import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { requireActor } from "~/modules/identity/auth.server";
import { listOutbox } from "~/modules/messaging/mail.server";
import { formatDateTime } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const page = Math.max(1, Math.min(10_000, Number(new URL(request.url).searchParams.get("page")) || 1));
  const result = orHttpError(() => listOutbox(context.app, actor, page));
  return { ...result, page, smtp: Boolean(context.app.config.smtpUrl) };
}

export default function MailOutboxPage() {
  const { t, i18n } = useTranslation("identity");
  const { rows, page, hasMore, smtp } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-4">
      <h1 className="page-title">{t("mail.title")}</h1>
      <p className="text-sm text-slate-600">{smtp ? t("mail.viaSmtp") : t("mail.loggedOnly")}</p>
      {rows.length === 0 ? <p className="card text-center text-sm text-slate-500">{t("mail.empty")}</p> : null}
      <ul className="space-y-3">
        {rows.map((m) => (
          <li key={m.id} className="card text-sm">
            <div className="flex flex-wrap justify-between gap-2">
              <strong>{m.subject}</strong>
              <span className="text-slate-500">{formatDateTime(m.createdAt, i18n.language)}</span>
            </div>
            <p className="text-slate-600">
              {t("mail.to")}: {m.to} · {m.sentAt ? t("mail.sent") : m.lastError ? t("mail.failed", { error: m.lastError }) : t("mail.pending")}
            </p>
            <pre className="mt-2 whitespace-pre-wrap break-all rounded bg-slate-50 p-3 font-sans text-slate-800">{m.body}</pre>
          </li>
        ))}
      </ul>
      <Pagination page={page} pageCount={hasMore ? page + 1 : page} />
    </div>
  );
}
