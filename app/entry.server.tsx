import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { i18nServerConfig } from "./i18n/resources";
import { getLocale } from "./i18n/i18n.server";
import { rememberTranslations } from "./i18n/remembered-translations.server";
import { coalescedStream } from "./utils/coalesced-stream.server";
import { isAnonymousDocumentRequest, notModified, pageEtag } from "./utils/http-cache.server";
import { noteRequestRoute, requestRoute } from "./utils/logging.server";
import { isPublicPage } from "./utils/page-cache.server";
import { NonceProvider } from "./utils/nonce";

const ABORT_DELAY = 5_000;

/**
 * One initialised i18next instance per locale, built on first use and shared by every render: the resources are
 * static and nothing changes an instance's language, and building one per request cost about a tenth of the
 * CPU of a page render (profiled with autocannon on the landing page).
 */
const i18nByLocale = new Map<string, Promise<I18n>>();
function i18nFor(lng: string): Promise<I18n> {
  let instance = i18nByLocale.get(lng);
  if (!instance) {
    const created = createInstance();
    instance = created
      .use(initReactI18next)
      .init({ ...i18nServerConfig, lng })
      .then(() => {
        // Its catalogues never change from here on, so its answers can be remembered (ADR 0910).
        rememberTranslations(created);
        return created;
      });
    i18nByLocale.set(lng, instance);
  }
  return instance;
}
export const streamTimeout = ABORT_DELAY;

/** The request log names the route pattern (`/invite/:token`), never a token in the URL. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request, params }) => {
  noteRequestRoute(new URL(request.url).pathname.replace(/\.data$/, ""), params);
  return response;
};

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const matches = remixContext.staticHandlerContext.matches;
  noteRequestRoute(new URL(request.url).pathname, matches[matches.length - 1]?.params ?? {});
  const lng = await getLocale(request);
  const i18n = await i18nFor(lng);
  const nonce = loadContext.cspNonce;
  // Anonymous pages are rendered whole, then given an ETag (ADR 0901); signed-in pages stream.
  const revalidated = responseStatusCode === 200 && isAnonymousDocumentRequest(request) && !responseHeaders.has("Set-Cookie");
  // A public page rendered for an anonymous visitor is kept for the next ones (ADR 0905).
  const leaf = matches[matches.length - 1];
  const keep = responseStatusCode === 200 && loadContext.pageCache && leaf && isPublicPage(remixContext.routeModules[leaf.route.id]?.handle) ? loadContext.pageCache : null;
  const waitForAll = revalidated || keep !== null || isbot(request.headers.get("user-agent") ?? "");

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          if (revalidated || keep) {
            const body = new PassThrough();
            const chunks: Buffer[] = [];
            body.on("data", (chunk: Buffer) => chunks.push(chunk));
            body.on("end", () => {
              const html = Buffer.concat(chunks).toString("utf8");
              if (revalidated) {
                responseHeaders.set("ETag", pageEtag(html, nonce));
                responseHeaders.set("Cache-Control", "private, no-cache");
              }
              if (keep && responseStatusCode === 200) {
                keep.store(keep.key, { status: 200, headers: [...responseHeaders.entries()].filter(([name]) => name !== "set-cookie").concat(responseHeaders.getSetCookie().map((c) => ["set-cookie", c] as [string, string])), stamp: keep.stamp, route: requestRoute(), html, nonce });
              }
              const etag = responseHeaders.get("ETag");
              if (etag && notModified(request, etag)) {
                responseHeaders.delete("Content-Type");
                resolve(new Response(null, { headers: responseHeaders, status: 304 }));
              } else resolve(new Response(html, { headers: responseHeaders, status: responseStatusCode }));
            });
            body.on("error", reject);
            pipe(body);
            return;
          }
          // Signed-in pages stream, the chunks React writes in one pass handed on as one (coalesced-stream.server.ts).
          const { sink, stream } = coalescedStream();
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
