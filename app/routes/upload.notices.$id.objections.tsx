import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { lodgeObjection } from "~/modules/board/notices.server";
import { runAction, str } from "~/modules/board/route-support.server";
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
  return runAction(
    context,
    request,
    () => {
      assertHoneypotEmpty(fd);
      lodgeObjection(
        context.app,
        params.id!,
        {
          planItemId: str(fd, "planItemId"),
          objectorName: str(fd, "objectorName"),
          objectorIdNumber: str(fd, "objectorIdNumber"),
          objectorOrganisation: str(fd, "objectorOrganisation"),
          objectorPhone: str(fd, "objectorPhone"),
          reasons: str(fd, "reasons"),
        },
        files,
        { ip: context.clientIp },
      );
    },
    { to: back, message: "board:notices.objectionLodged" },
    back,
  );
}
