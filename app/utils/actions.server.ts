import type { SubmissionResult } from "@conform-to/react";
import type { Submission } from "@conform-to/dom";
import { parseWithZod } from "@conform-to/zod";
import { z, ZodError } from "zod";
import { isAppError } from "./errors";
import { replyWithError } from "./forms.server";
import { asHttpError } from "./route.server";

/**
 * The one way an action is written (ADR 0017):
 *
 *   const result = await handleForm(request, schema, (value) => { service(...); return redirectWithToast(...) });
 *
 * - the form is parsed with conform + zod (`schema` may be a discriminated union on `intent`);
 * - invalid input comes back as conform's reply (field errors under their fields);
 * - a service's 401/404 becomes the HTTP error page (existence stays private);
 * - any other domain error (403, 409, 422, 429) comes back as a field or form error via `replyWithError`;
 * - success is whatever `run` returns — usually `redirectWithToast`.
 */
export async function handleForm<S extends z.ZodTypeAny, R>(
  source: Request | FormData,
  schema: S,
  /** Gets the parsed value, and the submission for a handler that replies with the form kept (a confirmation step). */
  run: (value: z.output<S>, submission: FormSubmission) => R,
  options: ActionOptions = {},
): Promise<Awaited<R> | SubmissionResult<string[]>> {
  const formData = source instanceof Request ? await source.formData() : source;
  // Async, so a schema may read a file part's bytes (`uploadedFile()`, app/utils/uploads.server.ts).
  const submission = await parseWithZod(formData, { schema, async: true });
  if (submission.status !== "success") return replyInvalid(submission, options);
  return runSubmission(submission, () => run(submission.value, submission), options);
}

/** Invalid input: conform's reply (field errors under their fields), or the page's refusal (`refuseWith`). */
export async function replyInvalid(submission: Pick<Submission<unknown, string[], unknown>, "reply" | "payload">, options: ActionOptions): Promise<SubmissionResult<string[]>> {
  const reply = submission.reply({ hideFields: options.hideFields ?? ["password", "confirm"] });
  if (options.refuseWith) {
    const [field, messages] = Object.entries(reply.error ?? {}).find(([, m]) => m?.length) ?? ["", ["common:validation.invalid"]];
    const refusal = decodeKey(messages?.[0] ?? "common:validation.invalid");
    throw await options.refuseWith({ key: refusal.key, values: { ...refusal.values, field }, payload: submission.payload });
  }
  return reply;
}

/** What a handler may use of the submission besides its parsed value: the raw payload and `reply`. */
export type FormSubmission = Pick<Submission<unknown, string[], unknown>, "reply" | "payload">;

/**
 * `refuseWith`: for pages of buttons that show no form errors (the board's workflow buttons), a refusal — invalid
 * input or a 409/422/429 from the service — becomes this response instead of a reply, usually a redirect back with
 * an error toast. 401/403/404 stay HTTP errors there.
 */
export type ActionOptions = {
  hideFields?: string[];
  refuseWith?: (refusal: Refusal) => Response | Promise<Response>;
};

/** What `refuseWith` is told: the message key and values, and the form's raw fields (where to send the person back). */
export type Refusal = { key: string; values: Record<string, string | number>; payload?: Record<string, unknown> };

function decodeKey(message: string): { key: string; values: Record<string, string | number> } {
  const bar = message.indexOf("|");
  if (bar < 0) return { key: message, values: {} };
  try {
    return { key: message.slice(0, bar), values: JSON.parse(message.slice(bar + 1)) as Record<string, string | number> };
  } catch {
    return { key: message.slice(0, bar), values: {} };
  }
}

/** The error half of `handleForm`, for actions that parse on their own (e.g. a schema built per request). */
export async function runSubmission<R>(
  submission: Pick<Submission<unknown, string[], unknown>, "reply"> & { payload?: Record<string, unknown> },
  run: () => R,
  options: ActionOptions = {},
): Promise<Awaited<R> | SubmissionResult<string[]>> {
  const payload = submission.payload;
  try {
    return await run();
  } catch (error) {
    if (isAppError(error) && (error.status === 401 || error.status === 404)) throw asHttpError(error);
    // A service that re-parses its input with zod (the authority) may refuse what the form let through.
    if (error instanceof ZodError) {
      const issue = error.issues[0];
      const field = issue?.path.join(".") ?? "";
      const message = issue?.message ?? "common:validation.invalid";
      if (options.refuseWith) throw await options.refuseWith({ ...decodeKey(message), values: { ...decodeKey(message).values, field }, payload });
      return field ? submission.reply({ fieldErrors: { [field]: [message] } }) : submission.reply({ formErrors: [message] });
    }
    if (options.refuseWith && isAppError(error)) {
      // Button pages: a button the person should never have been shown (403) is an error page, as 404 is.
      if (error.status === 403) throw asHttpError(error);
      if (error.status < 500) throw await options.refuseWith({ key: error.message, values: error.values, payload });
    }
    return replyWithError(submission, error, options.hideFields);
  }
}

/** The handler table of a multi-intent action: one function per `intent` of the union, each given its own variant. */
export type IntentHandlers<U extends { intent: string }, R> = { [K in U["intent"]]: (value: Extract<U, { intent: K }>) => R };

/**
 * Calls the handler for `value.intent`. The table must name every intent of the union (a missing
 * one is a type error), and each handler sees only its own variant's fields — no casts.
 */
export function dispatchIntent<U extends { intent: string }, R>(value: U, handlers: IntentHandlers<U, R>): R {
  const handler = handlers[value.intent as U["intent"]] as (v: U) => R;
  return handler(value);
}

/**
 * A multi-intent action written as a table: `intent` (the submit button's value) picks the schema, the
 * form is parsed with it, and the handler of that intent gets the parsed value. This is the
 * discriminated union on `intent` in table form, so a schema may carry its own refinements (zod's
 * discriminatedUnion takes plain objects only). An unknown intent is a field error on `intent`.
 */
export async function handleIntents<M extends Record<string, z.ZodTypeAny>, H extends { [K in keyof M]: (value: z.output<M[K]>, submission: FormSubmission) => unknown }>(
  source: Request | FormData,
  schemas: M,
  handlers: H,
  /** `byIntent` overrides the options for some intents (a page of workflow buttons with one real form among them). */
  options: ActionOptions & { byIntent?: { [K in keyof M]?: ActionOptions } } = {},
): Promise<Awaited<ReturnType<H[keyof M]>> | SubmissionResult<string[]>> {
  const formData = source instanceof Request ? await source.formData() : source;
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(schemas, intent)) {
    if (options.refuseWith) throw await options.refuseWith({ key: "common:validation.choose", values: {} });
    const submission = parseWithZod(formData, { schema: z.object({ intent: z.enum(Object.keys(schemas) as [string, ...string[]]) }) });
    return submission.reply({ formErrors: ["common:validation.choose"] });
  }
  const key = intent as keyof M & string;
  const { byIntent, ...shared } = options;
  return handleForm(formData, schemas[key]!, (value, submission) => handlers[key](value, submission) as ReturnType<H[keyof M]>, byIntent?.[key] ?? shared);
}
