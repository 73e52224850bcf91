import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLogo } from "~/modules/enterprises/profiles.server";
import { orHttpError } from "~/utils/route.server";

/** The logo is part of the public identity card; stored re-encoded as PNG, served with nosniff. */
export function loader({ params, context }: LoaderFunctionArgs) {
  const logo = orHttpError(() => getLogo(context.app, params.id ?? ""));
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.mime,
      "Cache-Control": "public, max-age=3600",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
    },
  });
}
