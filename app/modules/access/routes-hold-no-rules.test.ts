import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as subjects from "./subjects";

/**
 * Only app/modules/access decides who may do something: routes, components and the other modules' services ask it
 * (`can`, `assertCan`, its audience helpers). This walks every file under app/routes, app/components, app/root.tsx,
 * app/modules (outside access) and search/, and fails on the shapes a hand-written rule takes: comparing an
 * organisation kind, an institution type or roles; calling a "who is this" predicate on the actor; importing the
 * policy's subject predicates (isExchange, isLender, …) instead of asking for a permission. Routes and components
 * also never call `assertCan` themselves: the service they call takes the actor and asks (a loader may still compute
 * `can*` booleans for the UI with `can(`).
 */

const ROOT = path.resolve(__dirname, "../../..");
const SUBJECT_NAMES = Object.keys(subjects);

const RULES: { name: string; pattern: RegExp }[] = [
  { name: "compares an organisation kind", pattern: /\borgKind\s*[!=]==|[!=]==\s*[\w.?]*\borgKind\b|\.includes\(\s*[\w.?]*\borgKind\b/ },
  { name: "compares an institution type", pattern: /\binstitutionType\s*[!=]==|[!=]==\s*[\w.?]*\binstitutionType\b|\.includes\(\s*[\w.?]*\binstitutionType\b/ },
  { name: "tests roles", pattern: /\broles\s*\??\.\s*(includes|some|every|indexOf|find|filter)\(/ },
  { name: "calls a who-is predicate on the actor", pattern: /\b(is|has|can)[A-Z]\w*\(\s*(actor|viewer|user|a)\b\s*[,)]/ },
  {
    name: "imports a subject predicate instead of asking for a permission",
    pattern: new RegExp(String.raw`import\s*(type\s*)?\{[^}]*\b(${SUBJECT_NAMES.join("|")})\b[^}]*\}\s*from\s*["'](~/modules/access|~/modules/access/subjects|~/modules/identity/actor)["']`),
  },
];

/** In routes and components only: enforcing a permission is the service's job. */
const ROUTE_RULES: { name: string; pattern: RegExp }[] = [{ name: "enforces a permission itself (assertCan belongs in the service)", pattern: /\bassertCan\(/ }];

/** The offending rules in one source text, with line numbers; comments are skipped. */
export function rulesIn(source: string, rules = RULES): { line: number; rule: string; text: string }[] {
  const found: { line: number; rule: string; text: string }[] = [];
  // Imports may span lines: judge each import statement whole, on the line it starts.
  const statements = source.replace(/import\s*(type\s*)?\{[^}]*\}\s*from\s*["'][^"']+["']/g, (m) => m.replace(/\s*\n\s*/g, " ") + "\n".repeat(m.split("\n").length - 1));
  statements.split("\n").forEach((text, i) => {
    const code = text.replace(/\/\/.*$/, "").replace(/^\s*\*.*$/, "");
    for (const { name, pattern } of rules) if (pattern.test(code)) found.push({ line: i + 1, rule: name, text: text.trim() });
  });
  return found;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) && !/^testing/.test(entry.name) ? [full] : [];
  });
}

describe("routes hold no access rules", () => {
  it("the detector flags each shape of a hand-written rule and passes the policy's own idiom", () => {
    const bad = [
      `    if (actor.orgKind !== "bureau") throw new ForbiddenError();`,
      `  const lender = actor.orgKind === "institution" && LENDERS.includes(actor.institutionType ?? "");`,
      `  const toBack = actor.institutionType === "guarantor" ? x : [];`,
      `          {actor.roles.includes("org_admin") ? (`,
      `  return { canEdit: isExchangeAdmin(actor) };`,
      `  const reviewer = canReview(actor);`,
      `import { isExchange } from "~/modules/access";`,
      `import { can, isLender, type Viewer } from "~/modules/access";`,
      `import { isOrgAdmin } from "~/modules/identity/actor";`,
      `const kind = (...kinds: OrgKind[]) => (a: NavActor) => kinds.includes(a.orgKind);`,
      `  { show: (a) => a.orgKind === "exchange" || a.orgKind === "regulator" },`,
    ];
    for (const line of bad) expect(rulesIn(line), line).not.toEqual([]);
    expect(rulesIn(`import {\n  can,\n  isSupervisor,\n} from "~/modules/access";\nconst x = 1;`)).toEqual([
      { line: 1, rule: "imports a subject predicate instead of asking for a permission", text: "import { can, isSupervisor, } from \"~/modules/access\"" },
    ]);
    const good = [
      `    assertCan(actor, "import:application-list:prefecture", undefined);`,
      `  const lender = can(actor, "publish:credit-product:own");`,
      `  return { actor: { name: actor.name, orgKind: actor.orgKind, roles: actor.roles } };`,
      `      <p>{t(\`apply.intro.\${orgKind}\`)}</p>`,
      `              {actor.roles.map((r) => (`,
      `import { applicationChannelOf, assertCan, can } from "~/modules/access";`,
      `import type { Actor } from "~/modules/identity/actor";`,
      `  // a comment about actor.orgKind === "bureau" is not code`,
      `  if (!isInstrument(params.instrument)) throw asHttpError(new NotFoundError());`,
      `  if (!assignableRoles(orgKind).includes(role)) throw new DomainError("identity:invite.roleNotForOrg");`,
    ];
    for (const line of good) expect(rulesIn(line), line).toEqual([]);
    const routeRules = [...RULES, ...ROUTE_RULES];
    expect(rulesIn(`  orHttpError(() => assertCan(actor, "manage:roadshow-venue:any", undefined));`, routeRules)).not.toEqual([]);
    expect(rulesIn(`    assertCan(actor, "import:application-list:prefecture", undefined);`, routeRules)).not.toEqual([]);
    expect(rulesIn(`  return { venues: orHttpError(() => listVenuesToManage(context.app, actor)), canEdit: can(actor, "manage:roadshow-venue:any") };`, routeRules)).toEqual([]);
  });

  const offencesIn = (files: string[], rules = RULES) =>
    files.flatMap((file) => rulesIn(fs.readFileSync(file, "utf8"), rules).map((o) => `${path.relative(ROOT, file)}:${o.line} ${o.rule}: ${o.text}`));

  it("finds none in app/routes, app/components and app/root.tsx", () => {
    const files = [...sourceFiles(path.join(ROOT, "app/routes")), ...sourceFiles(path.join(ROOT, "app/components")), path.join(ROOT, "app/root.tsx")];
    expect(files.length).toBeGreaterThan(50);
    expect(offencesIn(files, [...RULES, ...ROUTE_RULES])).toEqual([]);
  });

  it("finds none in the services of app/modules outside access, nor in search/", () => {
    const access = path.join(ROOT, "app/modules/access");
    const files = [...sourceFiles(path.join(ROOT, "app/modules")).filter((f) => !f.startsWith(access + path.sep)), ...sourceFiles(path.join(ROOT, "search"))];
    expect(files.length).toBeGreaterThan(80);
    expect(offencesIn(files)).toEqual([]);
  });
});
