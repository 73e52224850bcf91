import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { lodgeObjection } from "~/modules/board/notices.server";
import { boardDone, boardUploadOptions } from "~/modules/board/route-support.server";
import { assertHoneypotEmpty } from "~/utils/honeypot.server";
import { handleUpload, uploadedFiles } from "~/utils/uploads.server";

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/notices/${params.id}`);
}

const text = z.string().default("");
const objectionForm = z.object({ planItemId: text, objectorName: text, objectorIdNumber: text, objectorOrganisation: text, objectorPhone: text, reasons: text, attachment: uploadedFiles() });

/** Public objection (no login; identity required). Under /upload for attachments up to 10 MB each. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const back = `/notices/${params.id}`;
  return handleUpload(
    request,
    objectionForm,
    ({ attachment, ...input }, submission) => {
      assertHoneypotEmpty(submission.payload);
      lodgeObjection(context.app, params.id!, input, attachment, { ip: context.clientIp });
      return boardDone(context, request, back, "board:notices.objectionLodged");
    },
    boardUploadOptions(context, request, back),
  );
}
