import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/modules/identity/auth.server";
import { listOwnDecks } from "~/modules/roadshows/decks.server";
import { formatDate } from "~/utils/dates";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "decksMine");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  return { decks: orHttpError(() => listOwnDecks(context.app, actor)) };
}

export default function MyDecksPage() {
  const { t, i18n } = useTranslation("roadshows");
  const { decks } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="page-title">{t("mine.title")}</h1>
        <Link to="/upload/decks/new" className="btn-primary">
          {t("new.title")}
        </Link>
      </div>
      <section className="card">
        {decks.length === 0 ? <p className="text-slate-500">{t("mine.empty")}</p> : null}
        <ul className="divide-y">
          {decks.map((d) => (
            <li key={d.id} className="flex flex-wrap justify-between gap-2 py-2">
              <Link to={`/decks/${d.id}/manage`}>{d.title}</Link>
              <span className="text-sm text-slate-600">
                {t(`audiences.${d.audience}`, { ns: "enterprises" })} · {formatDate(d.updatedAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
