import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { z } from "zod";
import { replyInvalid, runSubmission, type ActionOptions, type FormSubmission } from "./actions.server";
import { encodeMessage } from "./forms.server";

/**
 * The one way an upload action is written (ADR 0021), the multipart sibling of `handleForm` (ADR 0017):
 *
 *   return handleUpload(request, z.object({ note: z.string(), file: uploadedFile() }), ({ note, file }) => { service(...); return redirectWithToast(...) }, options);
 *
 * - the multipart body is parsed as it streams in; a part larger than `maxBytes` is refused there, before the rest
 *   of it is read (a field error on that part, or the page's refusal);
 * - text fields and files are parsed by one zod schema through conform; `uploadedFile()` turns a file part into its
 *   name and bytes, `uploadedFiles()` a repeated one into a list;
 * - `inspect` is the content check the route does before anything is stored (the deck's PDF opens);
 * - refusals and the service's errors take handleForm's path: field errors, or `refuseWith` (a toast on the page it
 *   came from, JSON for the socket client); 401/404 are the HTTP error page.
 */
export async function handleUpload<S extends z.ZodTypeAny, R>(
  request: Request,
  schema: S,
  run: (value: z.output<S>, submission: FormSubmission) => R,
  options: UploadOptions<z.output<S>> = {},
): Promise<Awaited<R> | SubmissionResult<string[]>> {
  const maxBytes = options.maxBytes ?? UPLOAD_MAX_BYTES;
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      const tooLarge = options.tooLarge ?? { key: "common:validation.fileTooLarge", values: { maxMb: Math.round((maxBytes / 1024 / 1024) * 10) / 10 } };
      const empty = parseWithZod(new FormData(), { schema: z.object({}) });
      const field = error.field;
      if (options.refuseWith) throw await options.refuseWith({ key: tooLarge.key, values: { ...tooLarge.values, field } });
      return empty.reply({ fieldErrors: { [field]: [encodeMessage(tooLarge.key, tooLarge.values)] } });
    }
    // Not multipart, no boundary, or cut short: the client's mistake (as form-body.server.ts answers for forms).
    if (error instanceof TypeError || (error instanceof Error && /multipart|boundary|malformed/i.test(error.message))) {
      throw new Response("Malformed form body", { status: 400, headers: { "Content-Type": "text/plain" } });
    }
    throw error;
  }
  const submission = await parseWithZod(formData, { schema, async: true });
  if (submission.status !== "success") return replyInvalid(submission, options);
  const value = submission.value as z.output<S>;
  return runSubmission(
    submission,
    async () => {
      await options.inspect?.(value);
      return run(value, submission);
    },
    options,
  );
}

/** The body limit of the /upload routes (server.ts refuses a larger request with 413 before any handler reads it). */
export const UPLOAD_MAX_BYTES = 60 * 1024 * 1024;

export type UploadOptions<V> = UploadLimits & {
  /** The content check before the handler runs; a DomainError it throws takes the error path (field error / refusal). */
  inspect?: (value: V) => void | Promise<void>;
};

/** The error path (ADR 0017's options) and the part limit of an upload, without the content check: shared by routes. */
export type UploadLimits = ActionOptions & {
  /** The largest part this route takes, in bytes (default: the /upload body limit). */
  maxBytes?: number;
  /** The message for a part over `maxBytes` (default `common:validation.fileTooLarge` with `maxMb`): a service's own. */
  tooLarge?: { key: string; values?: Record<string, string | number> };
};

/** A file part as the handler gets it: the name the browser sent (basename only) and its bytes. */
export type UploadedFile = { fileName: string; bytes: Uint8Array };

/** A required file part; an absent or empty one is `missing` (a catalogue key) on its field. */
export function uploadedFile(missing = "common:validation.fileMissing") {
  return z
    .instanceof(File, { message: missing })
    .refine((file) => file.size > 0, missing)
    .transform(async (file): Promise<UploadedFile> => ({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }));
}

/** A repeated, optional file part (several attachments under one name); empty parts are left out. */
export function uploadedFiles() {
  return z
    .array(z.instanceof(File).optional()) // conform reads an empty part as absent
    .default([])
    .transform((files) => Promise.all(files.filter((file): file is File => file !== undefined && file.size > 0).map(async (file): Promise<UploadedFile> => ({ fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }))));
}
