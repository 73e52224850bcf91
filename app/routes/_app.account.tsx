import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { endSession, requireActor } from "~/modules/identity/auth.server";
import { mfaStatus } from "~/modules/identity/mfa.server";
import { listSessions, revokeAllSessions } from "~/modules/identity/sessions.server";
import { z } from "zod";
import { handleIntents } from "~/utils/actions.server";
import { formatDateTime } from "~/utils/dates";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { email: actor.email, name: actor.name, sessions: listSessions(context.app, actor.userId), mfa: mfaStatus(context.app, actor.userId) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return handleIntents(
    request,
    { signOutEverywhere: z.object({}) },
    {
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
        {mfa.enabled ? null : (
          <Link to="/mfa?redirectTo=%2Faccount" className="btn-secondary">
            {t("mfa.enable")}
          </Link>
        )}
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          {t("account.sessions")}
        </h2>
        <table className="table mt-3">
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
                <td>{formatDateTime(s.createdAt, i18n.language)}</td>
                <td>{formatDateTime(s.expiresAt, i18n.language)}</td>
                <td className="max-w-xs truncate text-slate-500">{s.userAgent ?? "—"}</td>
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
