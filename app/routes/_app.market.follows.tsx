import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FOLLOW_TARGETS } from "@db/schema/constants";
import { feedFor, follow, listFollows, unfollow } from "~/modules/financing/follows.server";
import { redirectWithToast, requireActor, safeRedirect } from "~/modules/identity/auth.server";
import { formatDateTime } from "~/utils/dates";
import { replyErrors } from "~/utils/action-result";
import { handleIntents } from "~/utils/actions.server";
import { formatMoney } from "~/utils/money";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "follows");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { follows: orHttpError(() => listFollows(context.app, actor)), feed: feedFor(context.app, actor) };
}

/** Also the POST target of "Follow" buttons on enterprise and need pages (they pass redirectTo). */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const backTo = (redirectTo: unknown) => safeRedirect(typeof redirectTo === "string" ? redirectTo : "", "/market/follows");
  const done = (redirectTo: string | undefined, message: string) => redirectWithToast(context.app, request, backTo(redirectTo), { kind: "success", message });
  const target = z.object({ targetType: z.enum(FOLLOW_TARGETS), targetId: z.string().min(1), redirectTo: z.string().max(2000).optional() });
  const result = await handleIntents(request, { follow: target, unfollow: target }, {
    follow: ({ targetType, targetId, redirectTo }) => {
      follow(context.app, actor, targetType, targetId);
      return done(redirectTo, "financing:follows.followed");
    },
    unfollow: ({ targetType, targetId, redirectTo }) => {
      unfollow(context.app, actor, targetType, targetId);
      return done(redirectTo, "financing:follows.unfollowed");
    },
  });
  // The buttons live on other pages: a refusal (already following, limit reached) comes back as a toast there
  // (the reply echoes the page it was sent from).
  if (result instanceof Response) return result;
  return redirectWithToast(context.app, request, backTo(result.initialValue?.redirectTo), { kind: "info", message: replyErrors(result)?.[0] ?? "common:validation.invalid" });
}

export default function FollowsPage() {
  const { t, i18n } = useTranslation("financing");
  const { follows, feed } = useLoaderData<typeof loader>();
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <h1 className="page-title lg:col-span-3">{t("follows.title")}</h1>
      <section className="card lg:col-span-2" aria-labelledby="feed">
        <h2 id="feed" className="text-lg font-semibold">
          {t("follows.feed")}
        </h2>
        {feed.length === 0 ? <p className="text-sm text-slate-600">{t("follows.empty")}</p> : null}
        <ol className="mt-2 divide-y text-sm">
          {feed.map((item) => (
            <li key={`${item.kind}-${item.enterpriseOrgId}-${item.at}`} className="py-2" data-testid="feed-item">
              <span className="text-slate-500">{formatDateTime(item.at, i18n.language)}</span> · <Link to={`/enterprises/${item.enterpriseOrgId}`}>{item.enterpriseName}</Link>{" "}
              {item.kind === "need_published" ? (
                <Link to={`/needs/${item.needId}`}>{t("follows.items.need_published", { title: item.title, amount: formatMoney(item.amount, i18n.language) })}</Link>
              ) : item.kind === "deck_published" ? (
                t("follows.items.deck_published", { title: item.title })
              ) : item.tier === null ? (
                <span data-testid="feed-removal">
                  {item.removal?.violation
                    ? t("feed.removedForViolation", {
                        ns: "boardRules",
                        kind: t(`violationKinds.${item.removal.violation.kind}`, { ns: "boardRules" }),
                        source: item.removal.violation.source,
                        on: item.removal.violation.occurredOn,
                      })
                    : item.removal?.reason === "no_longer_eligible"
                      ? t("feed.removedIneligible", { ns: "boardRules" })
                      : t("follows.items.removed")}
                </span>
              ) : item.from ? (
                t("follows.items.tier_moved", { from: t(`tiers.${item.from}`, { ns: "common" }), tier: t(`tiers.${item.tier}`, { ns: "common" }) })
              ) : (
                t("follows.items.tier_changed", { tier: t(`tiers.${item.tier}`, { ns: "common" }) })
              )}
            </li>
          ))}
        </ol>
      </section>
      <section className="card" aria-labelledby="following">
        <h2 id="following" className="text-lg font-semibold">
          {t("follows.following")}
        </h2>
        <ul className="mt-2 divide-y text-sm">
          {follows.map((f) => (
            <li key={f.id} className="flex items-center justify-between py-2">
              <span>
                <span className="badge">{t(`follows.${f.targetType}`)}</span>{" "}
                {f.targetType === "need" ? <Link to={`/needs/${f.targetId}`}>{f.needTitle}</Link> : <Link to={`/enterprises/${f.targetId}`}>{f.enterpriseName}</Link>}
              </span>
              <Form method="post">
                <input type="hidden" name="targetType" value={f.targetType} />
                <input type="hidden" name="targetId" value={f.targetId} />
                <button name="intent" value="unfollow" className="text-xs text-red-700 hover:underline">
                  {t("follows.unfollow")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
