import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { requireActor } from "~/modules/identity/auth.server";

/** Everything under this layout needs a signed-in user; each page's service still checks what they may do. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context.app);
  return null;
}

export default function AppLayout() {
  return (
    <main id="main" className="mx-auto max-w-7xl px-4 py-8">
      <Outlet />
    </main>
  );
}
