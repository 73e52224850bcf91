import { and, asc, count, eq, or } from "drizzle-orm";
import { type z } from "zod";
import { organisations, prefectures } from "@db/schema";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";
import { newId } from "~/utils/ids";
import { containsText } from "~/utils/sql.server";
import { organisationChanged } from "~/modules/search/organisation-sources.server";
import { appendAudit } from "../audit/audit.server";

import type { Actor } from "./actor";
import { inviteMember } from "./invitations.server";
import { type createAuthorityInput, type orgListQuery } from "./schemas";
import { assertCan } from "~/modules/access";


export async function createAuthority(ctx: AppContext, actor: Actor, input: z.infer<typeof createAuthorityInput>, baseUrl: string) {
  assertCan(actor, "manage:organisation:any", undefined);
  if (input.kind === "bureau") {
    const p = ctx.db.select().from(prefectures).where(eq(prefectures.code, input.prefectureCode)).get();
    if (!p) throw new DomainError("routing.unknownPrefecture", {}, "prefectureCode");
    const dup = ctx.db.select({ id: organisations.id }).from(organisations).where(and(eq(organisations.kind, "bureau"), eq(organisations.prefectureCode, input.prefectureCode))).get();
    if (dup) throw new ConflictError("identity:orgs.bureauExists", {}, "prefectureCode");
  } else {
    const dup = ctx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.regulatorCode, input.regulatorCode)).get();
    if (dup) throw new ConflictError("identity:orgs.regulatorExists", {}, "regulatorCode");
  }
  const id = newId();
  ctx.db.transaction(() => {
    ctx.db
      .insert(organisations)
      .values({
        id,
        kind: input.kind,
        name: input.name,
        prefectureCode: input.kind === "bureau" ? input.prefectureCode : null,
        divisionCode: input.kind === "bureau" ? input.prefectureCode : null,
        regulatorCode: input.kind === "regulator" ? input.regulatorCode : null,
        createdAt: ctx.clock.now(),
      })
      .run();
    organisationChanged(ctx.db, id);
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "organisation.created", subjectType: "organisation", subjectId: id, data: { kind: input.kind, name: input.name } });
  });
  await inviteMember(ctx, actor, id, { email: input.adminEmail, role: "org_admin" }, baseUrl);
  return { id };
}



export function listOrganisations(ctx: Pick<AppContext, "db">, actor: Actor, query: z.infer<typeof orgListQuery>, pageSize = 25) {
  assertCan(actor, "manage:organisation:any", undefined);
  const filters = [
    query.kind ? eq(organisations.kind, query.kind) : undefined,
    query.q ? or(containsText(organisations.name, query.q), containsText(organisations.uscc, query.q.toUpperCase())) : undefined,
  ].filter(Boolean);
  const where = filters.length ? and(...filters) : undefined;
  const rows = ctx.db.select().from(organisations).where(where).orderBy(asc(organisations.kind), asc(organisations.name)).limit(pageSize).offset((query.page - 1) * pageSize).all();
  const total = ctx.db.select({ n: count() }).from(organisations).where(where).get()?.n ?? 0;
  return { rows, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export function getOrganisation(ctx: Pick<AppContext, "db">, actor: Actor, orgId: string) {
  const org = ctx.db.select().from(organisations).where(eq(organisations.id, orgId)).get();
  if (!org) throw new NotFoundError();
  assertCan(actor, "read:organisation:own", org, { refusal: "not-found" });
  return org;
}


