import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { isLocale } from "~/i18n/config";
import { handleForm } from "~/utils/actions.server";
import { localeCookie } from "~/i18n/i18n.server";
import { getActor, safeRedirect } from "~/modules/identity/auth.server";
import { setUserLocale } from "~/modules/identity/accounts.server";

/** Switches the language (a plain form post, so it works without JavaScript) and remembers it. */
export async function action({ request, context }: ActionFunctionArgs) {
  return handleForm(
    request,
    // An unknown language changes nothing: the switch still goes back where it came from.
    z.object({ locale: z.string().max(10).optional().transform((v) => (isLocale(v) ? v : null)), redirectTo: z.string().max(2000).optional().catch(undefined) }),
    async ({ locale, redirectTo }) => {
      const to = safeRedirect(redirectTo, "/");
      if (!locale) return redirect(to);
      const actor = await getActor(request, context.app);
      if (actor) setUserLocale(context.app, actor.userId, locale);
      // Drop a ?lng= override from the destination so the cookie decides from now on.
      const url = new URL(to, "http://x");
      url.searchParams.delete("lng");
      return redirect(url.pathname + url.search, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
    },
  );
}

export function loader() {
  return redirect("/");
}
