import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { endSession, requireActor } from "~/modules/identity/auth.server";
import { FormErrors } from "~/components/ui/field";
import { mfaStatus, regenerateRecoveryCodes, remainingRecoveryCodes } from "~/modules/identity/mfa.server";
import { replyErrors } from "~/utils/action-result";
import { listSessions, revokeAllSessions } from "~/modules/identity/sessions.server";
import { z } from "zod";
import { handleIntents } from "~/utils/actions.server";
import { formatDateTime } from "~/utils/dates";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { email: actor.email, name: actor.name, sessions: listSessions(context.app, actor.userId), mfa: { ...mfaStatus(context.app, actor.userId), recoveryCodesLeft: remainingRecoveryCodes(context.app, actor.userId) } };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleIntents(
    request,
    { signOutEverywhere: z.object({}), regenerateCodes: z.object({ code: z.string().trim().max(12) }) },
    {
      regenerateCodes: ({ code }) => regenerateRecoveryCodes(context.app, actor.userId, code),
      signOutEverywhere: () => {
        revokeAllSessions(context.app, actor.userId);
        return endSession(context.app, request, "/login");
      },
    },
  );
}

export default function AccountPage() {
  const { t, i18n } = useTranslation("identity");
  const { email, name, sessions, mfa } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const fresh = actionData && "recoveryCodes" in actionData ? actionData.recoveryCodes : null;
  const errors = actionData && !("recoveryCodes" in actionData) ? replyErrors(actionData) : undefined;
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="page-title">{t("account.title")}</h1>
      <section className="card text-sm">
        <p>
          {name} · {email}
        </p>
      </section>
      <section className="card flex items-center justify-between text-sm" data-testid="mfa-status">
        <span>
          {t("mfa.settings")}: {mfa.enabled ? t("mfa.on") : t("mfa.off")}
        </span>
        {mfa.enabled ? <span className="text-slate-600">{t("mfa.remaining", { count: mfa.recoveryCodesLeft })}</span> : (
          <Link to="/mfa?redirectTo=%2Faccount" className="btn-secondary">
            {t("mfa.enable")}
          </Link>
        )}
      </section>
      {mfa.enabled ? (
        <section className="card space-y-3 text-sm" aria-labelledby="codes-heading" data-testid="regenerate-codes">
          <h2 id="codes-heading" className="text-lg font-semibold">
            {t("mfa.regenerate")}
          </h2>
          {fresh ? (
            <div data-testid="recovery-codes" role="status">
              <p>{t("mfa.regenerated")}</p>
              <ul className="mt-2 grid grid-cols-2 gap-1 font-mono">
                {fresh.map((c: string) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </div>
          ) : (
            <Form method="post" className="flex flex-wrap items-end gap-3">
              <p className="w-full text-slate-600">{t("mfa.regenerateIntro")}</p>
              <FormErrors errors={errors} />
              <label className="block">
                <span className="field-label">{t("mfa.code")}</span>
                <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" className="field-input" required />
              </label>
              <button name="intent" value="regenerateCodes" className="btn-secondary">
                {t("mfa.regenerate")}
              </button>
            </Form>
          )}
        </section>
      ) : null}
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t("account.sessions")}
        </h2>
        <table className="table table-cards mt-3">
          <thead>
            <tr>
              <th scope="col">{t("account.signedInAt")}</th>
              <th scope="col">{t("account.expires")}</th>
              <th scope="col">{t("account.device")}</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.createdAt + (s.userAgent ?? "")}>
                <td data-label={t("account.signedInAt")}>{formatDateTime(s.createdAt, i18n.language)}</td>
                <td data-label={t("account.expires")}>{formatDateTime(s.expiresAt, i18n.language)}</td>
                <td data-label={t("account.device")} className="text-slate-500">
                  <span className="block max-w-xs truncate" title={s.userAgent ?? undefined}>{s.userAgent ?? "—"}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="post" className="mt-4">
          <button name="intent" value="signOutEverywhere" className="btn-danger" data-testid="sign-out-everywhere">
            {t("account.signOutEverywhere")}
          </button>
        </Form>
      </section>
    </div>
  );
}
