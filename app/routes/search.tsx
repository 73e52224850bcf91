import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { getActor } from "~/modules/identity/auth.server";
import { listPrefectures } from "~/modules/identity/routing.server";
import { discover } from "~/modules/search/discovery.server";
import { parseDiscoveryQuery } from "~/modules/search/query";
import { pageTitle } from "~/utils/meta";
import { SearchPage } from "~/components/search/search-page";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "search");

/** Public: anonymous visitors search what is public; members see more (the service decides). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request, context.app);
  const query = parseDiscoveryQuery(new URL(request.url).searchParams);
  const result = await discover(context.app, actor, query);
  const prefectures = listPrefectures(context.app).map((p) => ({ code: p.code, nameZh: p.nameZh, nameEn: p.nameEn }));
  return { query, result, prefectures, signedIn: !!actor };
}

export default function SearchPageRoute() {
  return <SearchPage />;
}
