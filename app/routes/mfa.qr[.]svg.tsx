import type { LoaderFunctionArgs } from "@remix-run/node";
import { getActor, readCookieSession } from "~/modules/identity/auth.server";
import { enrolmentQrSvg, pendingSession } from "~/modules/identity/mfa.server";

/**
 * The QR code of the enrolment the current session's user has begun: for the pending sign-in (a role that must enrol)
 * or a signed-in user turning MFA on. Private to that session and never stored by caches.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = context.app;
  const token = (await readCookieSession(ctx, request.headers.get("Cookie"))).get("token");
  const userId = (token ? pendingSession(ctx, token)?.userId : undefined) ?? (await getActor(request, ctx))?.userId;
  const svg = userId ? await enrolmentQrSvg(ctx, userId) : null;
  if (!svg) throw new Response(null, { status: 404 });
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" } });
}
