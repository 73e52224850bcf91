import type { SubmissionResult } from "@conform-to/react";
import type { Submission } from "@conform-to/dom";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
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
  run: (value: z.output<S>) => R,
  options: { hideFields?: string[] } = {},
): Promise<Awaited<R> | SubmissionResult<string[]>> {
  const formData = source instanceof Request ? await source.formData() : source;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") return submission.reply({ hideFields: options.hideFields ?? ["password", "confirm"] });
  return runSubmission(submission, () => run(submission.value), options);
}

/** The error half of `handleForm`, for actions that parse on their own (e.g. a schema built per request). */
export async function runSubmission<R>(submission: Pick<Submission<unknown, string[], unknown>, "reply">, run: () => R, options: { hideFields?: string[] } = {}): Promise<Awaited<R> | SubmissionResult<string[]>> {
  try {
    return await run();
  } catch (error) {
    if (isAppError(error) && (error.status === 401 || error.status === 404)) throw asHttpError(error);
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
export async function handleIntents<M extends Record<string, z.ZodTypeAny>, H extends { [K in keyof M]: (value: z.output<M[K]>) => unknown }>(
  source: Request | FormData,
  schemas: M,
  handlers: H,
  options: { hideFields?: string[] } = {},
): Promise<Awaited<ReturnType<H[keyof M]>> | SubmissionResult<string[]>> {
  const formData = source instanceof Request ? await source.formData() : source;
  const intent = String(formData.get("intent") ?? "");
  if (!Object.hasOwn(schemas, intent)) {
    const submission = parseWithZod(formData, { schema: z.object({ intent: z.enum(Object.keys(schemas) as [string, ...string[]]) }) });
    return submission.reply({ formErrors: ["common:validation.choose"] });
  }
  const key = intent as keyof M & string;
  return handleForm(formData, schemas[key]!, (value) => handlers[key](value) as ReturnType<H[keyof M]>, options);
}
