import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * ADR 0017: every route action is written with `handleForm` / `handleIntents` (conform + zod, a typed intent table,
 * one error path), and every multipart upload with `handleUpload` (ADR 0021: the same, with the part size limit and
 * the file parsed by the schema). This reads the `action` of every file under app/routes and fails on the shapes the
 * old style took: a hand `safeParse` / `parseWithZod` of the form, reading fields off the FormData, branching on intent
 * strings, `as never` casts, an action that reads the form and never hands it to the helpers — and, anywhere in a route
 * file, a multipart body or file part read by hand. There are no exceptions.
 */

const ROUTES = path.resolve(__dirname, "../routes");

const RULES: { name: string; pattern: RegExp }[] = [
  { name: "parses the form by hand (safeParse)", pattern: /\.safeParse\(/ },
  { name: "parses the form by hand (parseWithZod)", pattern: /\bparseWithZod\(/ },
  { name: "reads a submission's status by hand", pattern: /\bsubmission\.status\b/ },
  { name: "reads fields off the FormData", pattern: /\b(form|formData|fd|data|body)\.(get|getAll|has)\(/ },
  { name: "turns the FormData into an object by hand", pattern: /Object\.fromEntries\(\s*(await\s+request\.formData\(\)|form|formData|fd)\b/ },
  { name: "branches on an intent string", pattern: /\bintent\s*[!=]==|[!=]==\s*[\w.?]*\bintent\b/ },
  { name: "casts with as never", pattern: /\bas never\b/ },
];

/** Reading a multipart body or a file part by hand, anywhere in a route file (uploads go through handleUpload). */
const UPLOAD_RULES: { name: string; pattern: RegExp }[] = [
  { name: "parses a multipart body by hand", pattern: /\b(unstable_)?parseMultipartFormData\b|\b(unstable_)?create(Memory|File)UploadHandler\b|\bstreamMultipart\b/ },
  { name: "reads a file part by hand (use uploadedFile() in the schema)", pattern: /\binstanceof\(?\s*File\b|\.arrayBuffer\(\)/ },
];

/** The text of a route's `action` (from its declaration to the closing brace at column 0), or null. */
export function actionOf(source: string): string | null {
  const start = source.search(/^export (async )?function action\b|^export const action\b/m);
  if (start < 0) return null;
  const rest = source.slice(start);
  const end = /\n\};?\n/.exec(rest);
  return end ? rest.slice(0, end.index + end[0].length) : rest;
}

const withoutComments = (text: string) => text.split("\n").map((l) => l.replace(/\/\/.*$/, "").replace(/^\s*\*.*$/, ""));

/**
 * What in one route file breaks the idiom; comments are skipped. `file` is the route's file name: a route under
 * /upload (the larger body limit) must take its body through handleUpload.
 */
export function offencesIn(source: string, file = ""): string[] {
  const found: string[] = [];
  withoutComments(source).forEach((code) => {
    for (const { name, pattern } of UPLOAD_RULES) if (pattern.test(code)) found.push(`${name}: ${code.trim()}`);
  });
  const action = actionOf(source);
  if (action === null) return found;
  const lines = withoutComments(action);
  lines.forEach((code) => {
    for (const { name, pattern } of RULES) if (pattern.test(code)) found.push(`${name}: ${code.trim()}`);
  });
  const code = lines.join("\n");
  if (/\.formData\(\)/.test(code) && !/\b(handleForm|handleIntents)\(/.test(code)) found.push("reads the form without handing it to handleForm/handleIntents");
  if (/^(_app\.)?upload\./.test(file) && !/\bhandleUpload\(/.test(code)) found.push("an /upload route whose action does not use handleUpload");
  return found;
}

const routeFiles = () => fs.readdirSync(ROUTES).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f));

describe("every route action uses the one action idiom (ADR 0017)", () => {
  it("the detector flags each shape of the old style and passes the idiom", () => {
    const bad = [
      `export async function action({ request }: ActionFunctionArgs) {\n  const parsed = runNowInput.safeParse(Object.fromEntries(await request.formData()));\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const submission = parseWithZod(await request.formData(), { schema });\n  return handleForm(request, schema, () => null);\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  return handleForm(request, schema, (v) => {\n    if (v.intent === "plan") plan();\n  });\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const form = await request.formData();\n  return handleForm(form, schema, () => x(String(form.get("id")) as never));\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const form = await request.formData();\n  return service(form);\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const intent = String(formData.get("intent"));\n  if ("save" === intent) return 1;\n}\n`,
    ];
    for (const source of bad) expect(offencesIn(source), source).not.toEqual([]);
    // Multipart read by hand: a parser, a file part read off the form (or declared as a bare File), bytes read by hand.
    const handRolledUploads = [
      `export async function action({ request }: ActionFunctionArgs) {\n  const fd = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: 1 }));\n  return handleForm(fd, schema, (v) => v);\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  return handleForm(request, z.object({ file: z.instanceof(File) }), ({ file }) => store(file));\n}\n`,
      `async function bytesOf(file: File) {\n  return new Uint8Array(await file.arrayBuffer());\n}\n\nexport async function action({ request }: ActionFunctionArgs) {\n  return handleForm(request, schema, (v) => store(bytesOf(v.file)));\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const form = await request.formData();\n  const file = form.get("file");\n  if (!(file instanceof File)) return null;\n}\n`,
    ];
    for (const source of handRolledUploads) expect(offencesIn(source), source).not.toEqual([]);
    // A route under /upload that takes its body any other way, even through handleForm.
    const viaHandleForm = `export async function action({ request }: ActionFunctionArgs) {\n  return handleForm(request, z.object({ file: uploadedFile() }), (v) => store(v));\n}\n`;
    expect(offencesIn(viaHandleForm, "upload.things.$id.tsx")).toEqual(["an /upload route whose action does not use handleUpload"]);
    expect(offencesIn(viaHandleForm.replace("handleForm", "handleUpload"), "upload.things.$id.tsx")).toEqual([]);
    const good = [
      `export async function action({ request, context }: ActionFunctionArgs) {\n  const actor = await requireActor(request, context.app);\n  return handleForm(request, runNowInput, ({ job }) => {\n    runNow(context.app, actor, job);\n    return redirectWithToast(context.app, request, "/admin/jobs", { kind: "success", message: "admin:jobs.ran" });\n  });\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  return handleIntents(request, { publish: z.object({}) }, { publish: () => publish() });\n}\n`,
      `export async function action({ request }: ActionFunctionArgs) {\n  const fd = await request.formData();\n  return handleForm(fd, fileInput, (v) => attach(v));\n}\n`,
      `export function loader() {\n  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));\n}\n`,
      `export default function Page() {\n  const busy = navigation.formData?.get("intent") === "save";\n}\n`,
    ];
    for (const source of good) expect(offencesIn(source), source).toEqual([]);
    expect(actionOf(`export function loader() {\n  return 1;\n}\n\nexport async function action() {\n  return handleForm(x);\n}\n\nexport default function P() {\n  return null;\n}\n`)).toBe(
      `export async function action() {\n  return handleForm(x);\n}\n`,
    );
  });

  it("finds no hand-parsed form, no intent branch and no hand-read upload in any route under app/routes", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((f) => offencesIn(fs.readFileSync(path.join(ROUTES, f), "utf8"), f).map((o) => `${f}: ${o}`));
    expect(offences).toEqual([]);
  });
});
