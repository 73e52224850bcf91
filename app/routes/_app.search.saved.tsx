import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { deleteSavedSearch, listSavedSearches, saveSearch, setSavedSearchAlerts } from "~/modules/search/saved-searches.server";
import { formatDate } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "savedSearches");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { saved: listSavedSearches(context.app, actor) };
}

const actionInput = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), name: z.string().default(""), query: z.string().max(4000).default(""), alerts: z.string().optional() }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1).max(40) }),
  z.object({ intent: z.literal("alerts"), id: z.string().min(1).max(40), enabled: z.enum(["on", "off"]) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = context.app;
  const actor = await requireActor(request, ctx);
  const parsed = actionInput.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return redirectWithToast(ctx, request, "/search/saved", { kind: "error", message: "search:errors.invalid" });
  const input = parsed.data;
  if (input.intent === "save") {
    const back = `/search${input.query ? `?${input.query}` : ""}`;
    try {
      saveSearch(ctx, actor, { name: input.name, query: input.query, alerts: input.alerts === "on" ? "on" : "off" });
    } catch (error) {
      if (error instanceof DomainError) return redirectWithToast(ctx, request, back, { kind: "error", message: error.message, values: error.values as Record<string, string | number> });
      throw error;
    }
    return redirectWithToast(ctx, request, back, { kind: "success", message: "search:save.saved", values: { name: input.name.trim() } });
  }
  if (input.intent === "delete") {
    orHttpError(() => deleteSavedSearch(ctx, actor, input.id));
    return redirectWithToast(ctx, request, "/search/saved", { kind: "success", message: "search:saved.deleted" });
  }
  orHttpError(() => setSavedSearchAlerts(ctx, actor, input.id, input.enabled === "on"));
  return redirectWithToast(ctx, request, "/search/saved", { kind: "success", message: input.enabled === "on" ? "search:saved.alertsOn" : "search:saved.alertsOff" });
}

export default function SavedSearchesPage() {
  const { t, i18n } = useTranslation("search");
  const { saved } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">{t("saved.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("saved.intro")}</p>
        <p className="mt-2 text-sm">
          <Link to="/search">{t("saved.back")}</Link>
        </p>
      </div>
      <section className="card">
        {saved.length === 0 ? (
          <p className="py-8 text-center text-slate-500">{t("saved.empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {saved.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div>
                  <Link to={`/search${s.query ? `?${s.query}` : ""}`} className="font-medium">
                    {s.name}
                  </Link>
                  <p className="text-xs text-slate-500">
                    {t("saved.index", { index: t(`index.${s.index}`) })} · {t("saved.created", { date: formatDate(s.createdAt, i18n.language) })}
                    {s.index === "financing_needs" ? ` · ${s.alertsEnabled ? t("saved.alertsOn") : t("saved.alertsOff")}` : ""}
                    {s.lastAlertAt ? ` · ${t("saved.lastAlert", { date: formatDate(s.lastAlertAt, i18n.language) })}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {s.index === "financing_needs" ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="alerts" />
                      <input type="hidden" name="id" value={s.id} />
                      <input type="hidden" name="enabled" value={s.alertsEnabled ? "off" : "on"} />
                      <button type="submit" className="btn-secondary px-3 py-1 text-sm">
                        {s.alertsEnabled ? t("saved.turnOff") : t("saved.turnOn")}
                      </button>
                    </Form>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="intent" value="delete" />
                    <input type="hidden" name="id" value={s.id} />
                    <button type="submit" className="btn-secondary px-3 py-1 text-sm">
                      {t("saved.delete")}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
