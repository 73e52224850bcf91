import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { isLocale } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18n.server";
import { getActor, safeRedirect } from "~/modules/identity/auth.server";
import { setUserLocale } from "~/modules/identity/accounts.server";

/** Switches the language (a plain form post, so it works without JavaScript) and remembers it. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const locale = form.get("locale");
  const to = safeRedirect(form.get("redirectTo"), "/");
  if (!isLocale(locale)) return redirect(to);
  const actor = await getActor(request, context.app);
  if (actor) setUserLocale(context.app, actor.userId, locale);
  // Drop a ?lng= override from the destination so the cookie decides from now on.
  const url = new URL(to, "http://x");
  url.searchParams.delete("lng");
  return redirect(url.pathname + url.search, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}

export function loader() {
  return redirect("/");
}
