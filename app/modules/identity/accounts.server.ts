import { and, eq, isNull } from "drizzle-orm";
import type { z } from "zod";
import { memberships, organisations, users } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import { appendAudit } from "../audit/audit.server";
import { stageAfterPassword } from "./mfa.server";
import { assertAcceptablePassword, hashPassword, verifyAgainstDecoy, verifyPassword } from "./password.server";
import { assertNotBlocked, clearFailures, LOGIN_LIMITS, recordFailure } from "./rate-limit.server";
import { prefectureForDivision } from "./routing.server";
import { createSession } from "./sessions.server";
import type { loginInput, SignUpInput } from "./schemas";
import { checkUscc } from "./uscc";

type RequestMeta = { ip?: string | null; userAgent?: string | null };

function assertEmailFree(ctx: Pick<AppContext, "db">, email: string): void {
  const existing = ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (existing) throw new ConflictError("identity:signup.emailTaken", {}, "email");
}

/**
 * Self-service sign-up for enterprises and alliance institutions. Bureaus, regulators and exchange
 * staff never sign themselves up; an exchange admin creates them.
 */
export async function signUp(ctx: AppContext, input: SignUpInput, meta: RequestMeta = {}) {
  assertAcceptablePassword(input.password, [input.email, input.name, input.orgName]);
  const passwordHash = await hashPassword(input.password);
  let prefectureCode: string | null = null;
  let divisionCode: string | null = null;
  if (input.kind === "enterprise") {
    const check = checkUscc(input.uscc);
    if (!check.ok) throw new DomainError(`uscc.${check.reason}`, {}, "uscc");
    divisionCode = check.divisionCode;
    prefectureCode = prefectureForDivision(ctx, divisionCode);
    if (!prefectureCode) throw new DomainError("uscc.outsideXinjiang", { division: divisionCode }, "uscc");
  }
  const orgId = newId();
  const userId = newId();
  ctx.db.transaction(() => {
    if (input.kind === "enterprise") {
      const dup = ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.uscc, input.uscc)).get();
      if (dup) throw new ConflictError("identity:signup.usccTaken", {}, "uscc");
    }
    assertEmailFree(ctx, input.email);
    ctx.db
      .insert(organisations)
      .values({
        id: orgId,
        kind: input.kind,
        name: input.orgName,
        uscc: input.kind === "enterprise" ? input.uscc : null,
        divisionCode,
        prefectureCode,
        institutionType: input.kind === "institution" ? input.institutionType : null,
        createdAt: ctx.clock.now(),
      })
      .run();
    organisationChanged(ctx.db, orgId);
    ctx.db.insert(users).values({ id: userId, email: input.email, name: input.name, passwordHash, createdAt: ctx.clock.now() }).run();
    ctx.db.insert(memberships).values({ id: newId(), userId, orgId, role: "org_admin", createdAt: ctx.clock.now() }).run();
    appendAudit(ctx, {
      actorUserId: userId,
      actorOrgId: orgId,
      action: "organisation.signed_up",
      subjectType: "organisation",
      subjectId: orgId,
      enterpriseOrgId: input.kind === "enterprise" ? orgId : null,
      data: { kind: input.kind, name: input.orgName, uscc: input.kind === "enterprise" ? input.uscc : null, prefectureCode },
    });
  });
  const session = createSession(ctx, userId, meta);
  return { orgId, userId, session };
}


/**
 * Checks credentials under per-account and per-IP throttling. A wrong email and a wrong password
 * fail identically (same message, same hashing work) so accounts cannot be enumerated.
 */
export async function logIn(ctx: AppContext, input: z.infer<typeof loginInput>, meta: RequestMeta = {}) {
  const accountKey = `account:${input.email}`;
  const ipKey = `ip:${meta.ip ?? "unknown"}`;
  assertNotBlocked(ctx, [accountKey, ipKey]);
  const user = ctx.db.select().from(users).where(and(eq(users.email, input.email), isNull(users.disabledAt))).get();
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyAgainstDecoy(input.password), false);
  if (!ok || !user) {
    recordFailure(ctx, accountKey, LOGIN_LIMITS.account);
    recordFailure(ctx, ipKey, LOGIN_LIMITS.ip);
    assertNotBlocked(ctx, [accountKey, ipKey]);
    throw new DomainError("identity:login.invalid");
  }
  clearFailures(ctx, accountKey);
  // With MFA on (or required) the password opens only a pending session; /login/mfa completes it.
  return { userId: user.id, locale: user.locale, session: createSession(ctx, user.id, meta, stageAfterPassword(ctx, user.id)) };
}

export function setUserLocale(ctx: Pick<AppContext, "db">, userId: string, locale: string): void {
  ctx.db.update(users).set({ locale }).where(eq(users.id, userId)).run();
}
