import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { redirectWithToast, requireActor } from "~/modules/identity/auth.server";
import { deleteSavedSearch, listSavedSearches, saveSearch, setSavedSearchAlerts } from "~/modules/search/saved-searches.server";
import { formatDate } from "~/utils/dates";
import { DomainError } from "~/utils/errors";
import { handleIntents } from "~/utils/actions.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "savedSearches");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { saved: listSavedSearches(context.app, actor) };
}

const savedId = z.string().min(1).max(40);

export async function action({ request, context }: ActionFunctionArgs) {
  const ctx = context.app;
  const actor = await requireActor(request, ctx);
  return handleIntents(
    request,
    {
      save: z.object({ name: z.string().default(""), query: z.string().max(4000).default(""), alerts: z.string().optional() }),
      delete: z.object({ id: savedId }),
      alerts: z.object({ id: savedId, enabled: z.enum(["on", "off"]) }),
    },
    {
      save: (input) => {
        // The save form lives on the search page: its refusal (a duplicate name, too many saved) goes back there.
        const back = `/search${input.query ? `?${input.query}` : ""}`;
        try {
          saveSearch(ctx, actor, { name: input.name, query: input.query, alerts: input.alerts === "on" ? "on" : "off" });
        } catch (error) {
          if (error instanceof DomainError) return redirectWithToast(ctx, request, back, { kind: "error", message: error.message, values: error.values as Record<string, string | number> });
          throw error;
        }
        return redirectWithToast(ctx, request, back, { kind: "success", message: "search:save.saved", values: { name: input.name.trim() } });
      },
      delete: ({ id }) => {
        deleteSavedSearch(ctx, actor, id);
        return redirectWithToast(ctx, request, "/search/saved", { kind: "success", message: "search:saved.deleted" });
      },
      alerts: ({ id, enabled }) => {
        setSavedSearchAlerts(ctx, actor, id, enabled === "on");
        return redirectWithToast(ctx, request, "/search/saved", { kind: "success", message: enabled === "on" ? "search:saved.alertsOn" : "search:saved.alertsOff" });
      },
    },
    { refuseWith: () => redirectWithToast(ctx, request, "/search/saved", { kind: "error", message: "search:errors.invalid" }) },
  );
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
