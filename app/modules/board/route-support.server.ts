import type { AppLoadContext } from "@remix-run/node";
import { ZodError } from "zod";
import { redirectWithToast } from "~/modules/identity/auth.server";
import { isAppError } from "~/utils/errors";
import { asHttpError } from "~/utils/route.server";

/**
 * For the board's button actions (forward, approve, admit…): a rule the service refuses comes back
 * as an error toast on the same page instead of an error page; 404/403 stay HTTP errors.
 */
export async function runAction(
  context: AppLoadContext,
  request: Request,
  fn: () => unknown,
  success: { to: string | (() => string); message: string; values?: Record<string, string | number> },
  failureTo?: string,
): Promise<Response> {
  try {
    fn();
  } catch (error) {
    if (isAppError(error) && (error.status === 422 || error.status === 409)) {
      return redirectWithToast(context.app, request, failureTo ?? new URL(request.url).pathname + new URL(request.url).search, {
        kind: "error",
        message: error.message,
        values: error.values,
      });
    }
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const custom = issue?.message.startsWith("board:") ? issue.message : null;
      return redirectWithToast(context.app, request, failureTo ?? new URL(request.url).pathname, {
        kind: "error",
        message: custom ?? "board:errors.invalidField",
        values: { field: String(issue?.path.at(-1) ?? "") },
      });
    }
    throw asHttpError(error);
  }
  return redirectWithToast(context.app, request, typeof success.to === "function" ? success.to() : success.to, { kind: "success", message: success.message, values: success.values });
}

export const str = (fd: FormData, key: string): string => String(fd.get(key) ?? "");
