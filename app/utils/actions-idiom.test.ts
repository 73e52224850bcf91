import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * ADR 0017: every route action is written with `handleForm` / `handleIntents` (conform + zod, a typed intent table,
 * one error path). This reads the `action` of every file under app/routes and fails on the shapes the old style took:
 * a hand `safeParse` / `parseWithZod` of the form, reading fields off the FormData, branching on intent strings,
 * `as never` casts, an action that reads the form and never hands it to the helpers.
 *
 * A route whose body is not a form (a streamed upload, a socket client's JSON) is listed in EXCEPTIONS with its reason;
 * the list is checked too, so an entry that no longer needs it fails.
 */

const ROUTES = path.resolve(__dirname, "../routes");

/**
 * Routes that read the request another way, and why (ADR 0017 "Consequences"). The multipart uploads below read the
 * file part themselves and turn refusals into toasts on the page they came from; they are not converted yet (noted on
 * issue 12) and each fails the detector, so an entry goes stale — and this test fails — once its route is converted.
 */
const EXCEPTIONS: Record<string, string> = {
  "_app.upload.decks.new.tsx": "multipart upload: the PDF is inspected before the deck is created (not converted yet)",
  "upload.board.import.tsx": "multipart upload: the spreadsheet starts a background validation job (not converted yet)",
  "upload.decks.$id.version.tsx": "multipart upload: a new PDF version of a deck (not converted yet)",
  "upload.messages.$conversationId.tsx": "multipart upload: a chat attachment answered as JSON to the socket client (not converted yet)",
  "upload.notices.$id.objections.tsx": "multipart upload: objection attachments collected from repeated file parts (not converted yet)",
  "upload.service-requests.$id.files.tsx": "multipart upload: a file on a service request, refusals as toasts (not converted yet)",
  "upload.staff.cultivation.$id.tsx": "multipart upload: a cultivation evidence file, refusals as toasts (not converted yet)",
  "upload.staff.visits.$id.tsx": "multipart upload: a visit record file, refusals as toasts (not converted yet)",
};

const RULES: { name: string; pattern: RegExp }[] = [
  { name: "parses the form by hand (safeParse)", pattern: /\.safeParse\(/ },
  { name: "parses the form by hand (parseWithZod)", pattern: /\bparseWithZod\(/ },
  { name: "reads a submission's status by hand", pattern: /\bsubmission\.status\b/ },
  { name: "reads fields off the FormData", pattern: /\b(form|formData|fd|data|body)\.(get|getAll|has)\(/ },
  { name: "turns the FormData into an object by hand", pattern: /Object\.fromEntries\(\s*(await\s+request\.formData\(\)|form|formData|fd)\b/ },
  { name: "branches on an intent string", pattern: /\bintent\s*[!=]==|[!=]==\s*[\w.?]*\bintent\b/ },
  { name: "casts with as never", pattern: /\bas never\b/ },
];

/** The text of a route's `action` (from its declaration to the closing brace at column 0), or null. */
export function actionOf(source: string): string | null {
  const start = source.search(/^export (async )?function action\b|^export const action\b/m);
  if (start < 0) return null;
  const rest = source.slice(start);
  const end = /\n\};?\n/.exec(rest);
  return end ? rest.slice(0, end.index + end[0].length) : rest;
}

/** What in one route's action breaks the idiom; comments are skipped. */
export function offencesIn(source: string): string[] {
  const action = actionOf(source);
  if (action === null) return [];
  const found: string[] = [];
  const lines = action.split("\n").map((l) => l.replace(/\/\/.*$/, "").replace(/^\s*\*.*$/, ""));
  lines.forEach((code) => {
    for (const { name, pattern } of RULES) if (pattern.test(code)) found.push(`${name}: ${code.trim()}`);
  });
  const code = lines.join("\n");
  if (/\.formData\(\)/.test(code) && !/\b(handleForm|handleIntents)\(/.test(code)) found.push("reads the form without handing it to handleForm/handleIntents");
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

  it("finds no hand-parsed form and no intent branch in any action under app/routes", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(100);
    const offences = files.filter((f) => !(f in EXCEPTIONS)).flatMap((f) => offencesIn(fs.readFileSync(path.join(ROUTES, f), "utf8")).map((o) => `${f}: ${o}`));
    expect(offences).toEqual([]);
  });

  it("each listed exception still reads its request another way (no stale entries)", () => {
    for (const [file, reason] of Object.entries(EXCEPTIONS)) {
      expect(reason.length, file).toBeGreaterThan(20);
      expect(offencesIn(fs.readFileSync(path.join(ROUTES, file), "utf8")), file).not.toEqual([]);
    }
  });
});
