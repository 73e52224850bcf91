import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAuditChain } from "~/modules/audit/audit.server";
import { requireActor } from "~/modules/identity/auth.server";
import { orHttpError } from "~/utils/route.server";

/** Streams the chain as JSON Lines so a regulator can verify it independently. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context.app);
  const lines = orHttpError(() => exportAuditChain(context.app, actor));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-chain-${new Date().toISOString().slice(0, 10)}.jsonl"`,
    },
  });
}
