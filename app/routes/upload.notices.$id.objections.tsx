import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { lodgeObjection } from "~/modules/board/notices.server";
import { boardActionOptions, boardDone } from "~/modules/board/route-support.server";
import { handleForm } from "~/utils/actions.server";
import { assertHoneypotEmpty } from "~/utils/honeypot.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/notices/${params.id}`);
}

/** Public objection (no login; identity required). Under /upload for attachments up to 10 MB each. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const fd = await request.formData();
  const back = `/notices/${params.id}`;
  const files = await Promise.all(
    fd.getAll("attachment").filter((f): f is File => f instanceof File && f.size > 0).map(async (f) => ({ fileName: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  const text = z.string().default("");
  const objection = z.object({ planItemId: text, objectorName: text, objectorIdNumber: text, objectorOrganisation: text, objectorPhone: text, reasons: text });
  return handleForm(
    fd,
    objection,
    (input) => {
      assertHoneypotEmpty(fd);
      lodgeObjection(context.app, params.id!, input, files, { ip: context.clientIp });
      return boardDone(context, request, back, "board:notices.objectionLodged");
    },
    boardActionOptions(context, request, back),
  );
}
