import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormErrors } from "~/components/ui/field";
import { translateMessage } from "~/components/ui/message";
import { getActor, readCookieSession, safeRedirect } from "~/modules/identity/auth.server";
import { beginEnrolment, confirmEnrolment, mfaStatus, pendingSession, verifySecondFactor } from "~/modules/identity/mfa.server";
import type { AppContext } from "~/utils/context.server";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mfa");

/**
 * 两步验证. Three cases on one page: a sign-in waiting for its TOTP or recovery code; a sign-in whose role requires
 * MFA and has none yet (set it up now); a signed-in user turning MFA on by choice (from the account page).
 */
async function whoIsHere(request: Request, ctx: AppContext) {
  const token = (await readCookieSession(ctx, request.headers.get("Cookie"))).get("token");
  const pending = token ? pendingSession(ctx, token) : null;
  if (pending) return { token: token!, userId: pending.userId, sessionId: pending.sessionId, mode: pending.stage === "mfa" ? ("verify" as const) : ("enrol" as const) };
  const actor = await getActor(request, ctx);
  if (actor && !mfaStatus(ctx, actor.userId).enabled) return { token: null, userId: actor.userId, sessionId: null, mode: "enrol" as const };
  return null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const here = await whoIsHere(request, context.app);
  if (!here) throw redirect("/login");
  return { mode: here.mode, required: mfaStatus(context.app, here.userId).required };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const here = await whoIsHere(request, context.app);
  if (!here) throw redirect("/login");
  return handleIntents(
    request,
    {
      verify: z.object({ code: z.string().trim().max(12).optional(), recoveryCode: z.string().trim().max(20).optional(), redirectTo: z.string().max(2000).optional() }),
      begin: z.object({}),
      // The confirm form echoes the enrolment it shows (secret and URI) so a wrong code is asked again under it.
      confirm: z.object({ code: z.string().trim().max(12), secret: z.string().max(200).optional(), uri: z.string().max(1000).optional() }),
    },
    {
      verify: (input) => {
        if (here.mode !== "verify" || !here.token) throw redirect("/login");
        verifySecondFactor(context.app, here.token, { code: input.code || undefined, recoveryCode: input.recoveryCode || undefined });
        return redirect(safeRedirect(input.redirectTo));
      },
      begin: () => ({ enrolment: beginEnrolment(context.app, here.userId), recoveryCodes: null }),
      confirm: ({ code }) => ({ enrolment: null, recoveryCodes: confirmEnrolment(context.app, here.userId, code, here.sessionId).recoveryCodes }),
    },
  );
}

export default function MfaPage() {
  const { t } = useTranslation("identity");
  const { mode, required } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const result = actionData && "recoveryCodes" in actionData ? actionData : null;
  const reply = actionData && !("recoveryCodes" in actionData) ? actionData : null;
  // A wrong confirmation code: the same enrolment again (the form echoed it), with the error above.
  const echoed = reply?.initialValue;
  const enrolment =
    result?.enrolment ?? (echoed?.intent === "confirm" && typeof echoed.secret === "string" && typeof echoed.uri === "string" ? { secret: echoed.secret, uri: echoed.uri } : null);
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const redirectTo = params.get("redirectTo") ?? "/dashboard";
  const busy = navigation.state === "submitting";
  return (
    <main id="main" className="mx-auto max-w-md px-4 py-12">
      <h1 className="page-title">{t("mfa.title")}</h1>
      <FormErrors errors={replyErrors(reply)} />
      {result?.recoveryCodes ? (
        <section className="card mt-6 space-y-3" data-testid="recovery-codes">
          <p className="text-sm">{t("mfa.recoveryIntro")}</p>
          <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
            {result.recoveryCodes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <Link to={safeRedirectClient(redirectTo)} className="btn-primary inline-block">
            {t("mfa.continue")}
          </Link>
        </section>
      ) : mode === "verify" ? (
        <Form method="post" className="card mt-6 space-y-4">
          <input type="hidden" name="intent" value="verify" />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <p className="text-sm text-slate-600">{t("mfa.verifyIntro")}</p>
          <label className="block">
            <span className="field-label">{t("mfa.code")}</span>
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" className="field-input" autoFocus />
          </label>
          <details>
            <summary className="cursor-pointer text-sm text-sky-700">{t("mfa.useRecovery")}</summary>
            <label className="mt-2 block">
              <span className="field-label">{t("mfa.recoveryCode")}</span>
              <input name="recoveryCode" autoComplete="off" className="field-input" />
            </label>
          </details>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("mfa.verify")}
          </button>
        </Form>
      ) : enrolment ? (
        <Form method="post" className="card mt-6 space-y-4">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="secret" value={enrolment.secret} />
          <input type="hidden" name="uri" value={enrolment.uri} />
          <p className="text-sm">{t("mfa.enrolSteps")}</p>
          <img src="/mfa/qr.svg" alt={t("mfa.qrAlt")} width={192} height={192} className="mx-auto h-48 w-48 rounded bg-white p-1" data-testid="totp-qr" />
          <p className="break-all rounded bg-slate-100 p-2 font-mono text-sm" data-testid="totp-secret">
            {enrolment.secret}
          </p>
          <p className="break-all text-xs text-slate-500">{enrolment.uri}</p>
          <label className="block">
            <span className="field-label">{t("mfa.code")}</span>
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" className="field-input" required />
          </label>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("mfa.confirm")}
          </button>
        </Form>
      ) : (
        <Form method="post" className="card mt-6 space-y-4">
          <input type="hidden" name="intent" value="begin" />
          <p className="text-sm">{required ? t("mfa.requiredIntro") : t("mfa.optionalIntro")}</p>
          <button type="submit" className="btn-primary w-full" disabled={busy}>
            {t("mfa.begin")}
          </button>
        </Form>
      )}
    </main>
  );
}

/** The same rule as the server's safeRedirect, for the link after enrolment (the server re-checks on navigation anyway). */
function safeRedirectClient(to: string): string {
  return to.startsWith("/") && !to.startsWith("//") && !/[\s\\]/.test(to) ? to : "/dashboard";
}

export function ErrorBoundary() {
  const { t } = useTranslation("identity");
  return <p className="p-6">{translateMessage(t, "identity:mfa.expired")}</p>;
}
