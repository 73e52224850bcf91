import type { AppLoadContext } from "@remix-run/node";
import { redirectWithToast } from "~/modules/identity/auth.server";
import type { ActionOptions } from "~/utils/actions.server";
import type { UploadLimits } from "~/utils/uploads.server";
import { MAX_APPLICATION_FILE_BYTES } from "./applications.server";

/**
 * The board's workflow pages are rows of buttons (forward, approve, admit…) with no form errors of their own:
 * a refusal — a rule the service refuses, or input it cannot read — comes back as an error toast on the same
 * page (see ADR 0017, `refuseWith`); 404 stays an HTTP error.
 */
export function boardActionOptions(context: AppLoadContext, request: Request, failureTo?: string): ActionOptions {
  const url = new URL(request.url);
  return {
    refuseWith: ({ key, values }) => redirectWithToast(context.app, request, failureTo ?? url.pathname + url.search, { kind: "error", message: key, values }),
  };
}

/** The success half: back to `to` with a toast. */
export function boardDone(context: AppLoadContext, request: Request, to: string, message: string, values?: Record<string, string | number>): Promise<Response> {
  return redirectWithToast(context.app, request, to, { kind: "success", message, values });
}

/** `boardActionOptions` for the board's file uploads: a part over the board's file limit is refused while it streams in. */
export function boardUploadOptions(context: AppLoadContext, request: Request, failureTo: string): UploadLimits {
  return {
    ...boardActionOptions(context, request, failureTo),
    maxBytes: MAX_APPLICATION_FILE_BYTES,
    tooLarge: { key: "board:errors.fileTooLarge", values: { maxMb: MAX_APPLICATION_FILE_BYTES / 1024 / 1024 } },
  };
}
