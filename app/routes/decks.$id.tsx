import { z } from "zod";
import { handleIntents } from "~/utils/actions.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { DeckPages } from "~/components/roadshows/deck-pages";
import { startViewSession } from "~/modules/roadshows/analytics.server";
import { acceptNda, openDeck } from "~/modules/roadshows/decks.server";
import { deckViewerFrom } from "~/modules/roadshows/viewer.server";
import { orHttpError } from "~/utils/route.server";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageTitle(matches, "deck", { name: data?.deck.title ?? "" });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await deckViewerFrom(request, context.app, params.id ?? "");
  const opened = orHttpError(() => openDeck(context.app, viewer, params.id ?? ""));
  return { ...opened, viewerKind: viewer.kind };
}

/** NDA click-through, then a viewing session (with or without analytics consent), then the pages. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.id ?? "";
  const viewer = await deckViewerFrom(request, context.app, id);
  const url = new URL(request.url);
  const token = url.searchParams.get("t");
  const keep = new URLSearchParams(token ? { t: token } : {});
  return handleIntents(
    request,
    { nda: z.object({}), open: z.object({ consent: z.literal("on").optional() }) },
    {
      nda: () => {
        acceptNda(context.app, viewer, id);
        return redirect(`/decks/${id}?${keep.toString()}`);
      },
      open: ({ consent }) => {
        keep.set("s", startViewSession(context.app, viewer, id, consent === "on"));
        return redirect(`/decks/${id}?${keep.toString()}`);
      },
    },
    // A viewer page of two buttons: a refusal is an HTTP error, as before.
    { refuseWith: () => new Response("Bad Request", { status: 400 }) },
  );
}

const BEAT_MS = 5000;

export default function DeckViewerPage() {
  const { t, i18n } = useTranslation("roadshows");
  const { deck, enterpriseName, version, ndaPending, isOwner } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const session = params.get("s");
  const token = params.get("t");
  const q = (extra: Record<string, string>) => new URLSearchParams({ ...(token ? { t: token } : {}), ...extra }).toString();
  const current = useRef(1);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!session || !container.current) return;
    const ratios = new Map<number, number>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) ratios.set(Number((e.target as HTMLElement).dataset.page), e.intersectionRatio);
        current.current = [...ratios.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? current.current;
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    container.current.querySelectorAll("[data-page]").forEach((el) => observer.observe(el));
    let last = Date.now();
    const beat = () => {
      const now = Date.now();
      const ms = now - last;
      last = now;
      if (document.visibilityState !== "visible") return;
      const body = new URLSearchParams({ s: session, page: String(current.current), ms: String(ms) });
      void fetch(`/decks/${deck.id}/beat?${q({})}`, { method: "POST", body, keepalive: true });
    };
    const timer = window.setInterval(beat, BEAT_MS);
    const onHide = () => beat();
    document.addEventListener("visibilitychange", onHide);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", onHide);
      observer.disconnect();
    };
    // q only depends on token, which is part of the URL like session.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session, deck.id]);

  return (
    <main id="main" className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <header className="space-y-1">
        <h1 className="page-title">{deck.title}</h1>
        <p className="text-sm text-slate-600">
          <Link to={`/enterprises/${deck.enterpriseOrgId}`}>{enterpriseName}</Link>
          {version ? ` · v${version.version} · ${t("manage.pages", { n: version.pageCount })}` : ""}
          {isOwner ? (
            <>
              {" · "}
              <Link to={`/decks/${deck.id}/manage`}>{t("viewer.manage")}</Link>
            </>
          ) : null}
        </p>
        <p className="text-xs text-slate-500">{t("viewer.watermarkNote")}</p>
      </header>
      {!version ? (
        <p className="card text-slate-500">{t("viewer.noVersion")}</p>
      ) : ndaPending ? (
        <section className="card space-y-3" aria-labelledby="nda-h">
          <h2 id="nda-h" className="text-lg font-semibold">
            {t("viewer.ndaTitle")}
          </h2>
          <p className="whitespace-pre-wrap text-sm">{deck.ndaText}</p>
          <Form method="post">
            <button name="intent" value="nda" className="btn-primary">
              {t("viewer.ndaAccept")}
            </button>
          </Form>
        </section>
      ) : !session ? (
        <section className="card space-y-3">
          <Form method="post" className="space-y-3">
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" name="consent" className="mt-1" />
              <span>{t("viewer.consent", { org: enterpriseName })}</span>
            </label>
            <button name="intent" value="open" className="btn-primary">
              {t("viewer.open")}
            </button>
          </Form>
        </section>
      ) : (
        <div ref={container} className="space-y-4" onContextMenu={(e) => e.preventDefault()}>
          <DeckPages
            pageCount={version.pageCount}
            srcOf={(p) => `/decks/${deck.id}/page/${p}?${q({ v: String(version.version), lng: i18n.language })}`}
            altOf={(p) => t("viewer.pageAlt", { page: p, total: version.pageCount })}
          />
          {deck.allowDownload ? (
            <a href={`/decks/${deck.id}/pdf?${q({})}`} className="btn-secondary">
              {t("viewer.download")}
            </a>
          ) : null}
        </div>
      )}
    </main>
  );
}
