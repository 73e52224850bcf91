import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useEffect } from "react";
import { navFor } from "./components/nav.server";
import { SiteHeader } from "./components/site-header";
import { ToastView } from "./components/toast";
import { switchLanguage } from "./i18n/catalogues.client";
import { DEFAULT_LOCALE, isLocale } from "./i18n/config";
import { getLocale, localeCookie } from "./i18n/i18n.server";
import { getActor, takeToast } from "./modules/identity/auth.server";
import { titlesFor } from "./utils/meta";
import { useNonce } from "./utils/nonce";
import { installCatalogueErrorMap } from "./utils/zod-messages";
import stylesheet from "./app.css?url";

// zod's default messages become catalogue keys on the server and in the browser (no "Required" in zh-CN).
installCatalogueErrorMap();

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: titlesFor(isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE).home }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = context.app;
  const [locale, actor, { toast, setCookie }] = await Promise.all([getLocale(request), getActor(request, ctx), takeToast(ctx, request)]);
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  // Only when the language changed (a ?lng= link or a first visit): a Set-Cookie on every page made each response
  // unique and uncacheable.
  if ((await localeCookie.parse(request.headers.get("Cookie"))) !== locale) headers.append("Set-Cookie", await localeCookie.serialize(locale));
  return data(
    {
      locale,
      toast,
      actor: actor && { name: actor.name, orgName: actor.orgName },
      nav: actor ? navFor(actor) : [],
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const locale = root?.locale ?? DEFAULT_LOCALE;
  const { i18n } = useTranslation();
  const nonce = useNonce();
  useEffect(() => {
    if (i18n.language !== locale && isLocale(locale)) void switchLanguage(i18n, locale);
  }, [i18n, locale]);
  return (
    // The page says the language its strings are in: after a language change that is once the catalogue has loaded.
    <html lang={isLocale(i18n.language) ? i18n.language : locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const root = useRootData();
  return (
    <>
      <SiteHeader />
      <Outlet />
      <ToastView toast={root?.toast ?? null} />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind = status === 404 ? "notFound" : status === 403 ? "forbidden" : status === 401 ? "unauthenticated" : "server";
  if (status >= 500) console.error(error);
  return (
    <>
      <SiteHeader />
      <main id="main" className="mx-auto max-w-2xl px-4 py-20 text-center">
        <p className="text-6xl font-bold text-brand-600">{status}</p>
        <h1 className="mt-4 text-2xl font-semibold">{t(`errorPage.${kind}.title`)}</h1>
        <p className="mt-2 text-slate-600">{t(`errorPage.${kind}.body`)}</p>
        <a href="/" className="btn-primary mt-8">
          {t("errorPage.home")}
        </a>
      </main>
    </>
  );
}
