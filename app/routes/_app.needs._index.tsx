import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { INSTRUMENTS } from "@db/schema/constants";

/**
 * The members' list of needs is the search page's needs tab (ADR 0811): it has every filter this page had (words,
 * instrument, pages) and more. Old links and bookmarks keep their filters: q stays q, instrument becomes the type facet.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const from = new URL(request.url).searchParams;
  const to = new URLSearchParams();
  const q = from.get("q")?.trim();
  if (q) to.set("q", q.slice(0, 100));
  const instrument = from.get("instrument");
  if (instrument && (INSTRUMENTS as readonly string[]).includes(instrument)) to.set("type", instrument);
  const page = Number(from.get("page"));
  if (Number.isInteger(page) && page > 1) to.set("page", String(page));
  const qs = to.toString();
  return redirect(qs ? `/search?${qs}` : "/search", 301);
}
