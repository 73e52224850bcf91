import { and, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { boardMemberships, enterpriseProfiles, organisations, policyPosts, POLICY_CATEGORIES, SRDI_STATUSES, TIERS, type SrdiStatus } from "@db/schema";
import { assertCan, can } from "~/modules/access";
import { appendAudit } from "~/modules/audit/audit.server";
import { notifyOrgs } from "~/modules/messaging/notifications.server";
import type { Actor } from "~/modules/identity/actor";
import type { AppContext } from "~/utils/context.server";
import { ConflictError, DomainError, NotFoundError } from "~/utils/errors";

/**
 * 政策宣传: policy posts with eligibility tags (tier, prefecture, industry, SRDI title). Publishing notifies the
 * board enterprises that fit; a post nobody fits is refused rather than published to no one. The list is public.
 */

const list = <T extends string>(values: readonly [T, ...T[]]) => z.array(z.enum(values)).max(40).default([]);

export const publishPolicyInput = z.object({
  id: z.string().trim().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
  title: z.string().trim().min(4).max(120),
  body: z.string().trim().min(10).max(20_000),
  category: z.enum(POLICY_CATEGORIES),
  sourceDocument: z.string().trim().min(2).max(200),
  tiers: list(TIERS),
  prefectures: z.array(z.string().regex(/^\d{4}$/)).max(40).default([]),
  industries: z.array(z.string().regex(/^[A-T]$/)).max(20).default([]),
  srdiStatuses: list(SRDI_STATUSES),
});
export type PublishPolicyInput = z.input<typeof publishPolicyInput>;

type Facts = { orgId: string; tier: string; prefecture: string | null; industry: string | null; srdi: SrdiStatus[] };
type Tags = { tiers: string[]; prefectures: string[]; industries: string[]; srdiStatuses: string[] };

/**
 * The SRDI statuses an enterprise's profile titles show (it may hold several, e.g. an innovative SME that is also an
 * SRDI SME); "none" when it lists no recognised title. Titles are free text as the enterprise typed them
 * ("专精特新中小企业 2024", "国家级专精特新“小巨人”企业"), so they are matched on their key words.
 */
export function srdiStatusesOfTitles(titles: string[]): SrdiStatus[] {
  const found = new Set<SrdiStatus>();
  for (const raw of titles) {
    const title = raw.toLowerCase();
    if (title.includes("小巨人") || title.includes("little giant")) found.add("little_giant");
    else if (title.includes("专精特新") || title.includes("srdi") || title.includes("specialised") || title.includes("specialized")) found.add("srdi_sme");
    if (title.includes("创新型中小企业") || title.includes("innovative sme")) found.add("innovative_sme");
  }
  return found.size ? SRDI_STATUSES.filter((s) => found.has(s)) : ["none"];
}

/** Every listed enterprise with the facts the tags are matched on (SRDI statuses from its profile's titles). */
function boardFacts(ctx: Pick<AppContext, "db">, orgIds?: string[]): Facts[] {
  const rows = ctx.db
    .select({ orgId: boardMemberships.enterpriseOrgId, tier: boardMemberships.tier, prefecture: organisations.prefectureCode, industry: organisations.industrySection, titles: enterpriseProfiles.srdiTitles })
    .from(boardMemberships)
    .innerJoin(organisations, eq(organisations.id, boardMemberships.enterpriseOrgId))
    .leftJoin(enterpriseProfiles, eq(enterpriseProfiles.orgId, boardMemberships.enterpriseOrgId))
    .where(and(eq(boardMemberships.status, "listed"), orgIds ? inArray(boardMemberships.enterpriseOrgId, orgIds.length ? orgIds : [""]) : undefined))
    .all();
  return rows.map(({ titles, ...r }) => ({ ...r, srdi: srdiStatusesOfTitles(titles ?? []) }));
}

export function fits(tags: Tags, f: Facts): boolean {
  const ok = (list: string[], v: string | null) => list.length === 0 || (v !== null && list.includes(v));
  return ok(tags.tiers, f.tier) && ok(tags.prefectures, f.prefecture) && ok(tags.industries, f.industry) && (tags.srdiStatuses.length === 0 || f.srdi.some((s) => tags.srdiStatuses.includes(s)));
}

/** How many board enterprises a set of tags reaches (the form shows it before publishing). */
export function policyAudience(ctx: Pick<AppContext, "db">, tags: Tags): string[] {
  return boardFacts(ctx).filter((f) => fits(tags, f)).map((f) => f.orgId);
}

export function publishPolicy(ctx: AppContext, actor: Actor, raw: PublishPolicyInput) {
  assertCan(actor, "publish:policy-post:any", undefined);
  const input = publishPolicyInput.parse(raw);
  const existing = ctx.db.select().from(policyPosts).where(eq(policyPosts.id, input.id)).get();
  if (existing) {
    if (existing.publishedBy !== actor.userId) throw new ConflictError("staff:errors.duplicateId");
    return { id: existing.id, audience: existing.audienceCount, created: false };
  }
  const audience = policyAudience(ctx, input);
  if (audience.length === 0) throw new DomainError("staff:errors.policyNoAudience", {}, "tiers");
  ctx.db.transaction(() => {
    ctx.db.insert(policyPosts).values({ ...input, audienceCount: audience.length, publishedBy: actor.userId, publishedAt: ctx.clock.now() }).run();
    appendAudit(ctx, { actorUserId: actor.userId, actorOrgId: actor.orgId, action: "staff.policy.published", subjectType: "policy_post", subjectId: input.id, data: { audience: audience.length, category: input.category } });
    notifyOrgs(ctx, audience, { kind: "board", payload: { key: "staff:notify.policyPublished", values: { title: input.title }, href: `/policies/${input.id}` } });
  });
  return { id: input.id, audience: audience.length, created: true };
}

/** Public (no login): every published post, newest first. */
export function listPolicies(ctx: Pick<AppContext, "db">, opts: { category?: string } = {}) {
  return ctx.db
    .select({ id: policyPosts.id, title: policyPosts.title, category: policyPosts.category, sourceDocument: policyPosts.sourceDocument, publishedAt: policyPosts.publishedAt, tiers: policyPosts.tiers, prefectures: policyPosts.prefectures, industries: policyPosts.industries, srdiStatuses: policyPosts.srdiStatuses })
    .from(policyPosts)
    .where(opts.category ? eq(policyPosts.category, opts.category as (typeof POLICY_CATEGORIES)[number]) : undefined)
    .orderBy(desc(policyPosts.publishedAt), desc(policyPosts.id))
    .limit(200)
    .all();
}

export function getPolicy(ctx: Pick<AppContext, "db">, id: string) {
  const row = ctx.db.select().from(policyPosts).where(eq(policyPosts.id, id)).get();
  if (!row) throw new NotFoundError();
  return row;
}

/** The posts that fit the viewer's enterprise. */
export function policiesForMe(ctx: Pick<AppContext, "db">, actor: Actor) {
  if (!can(actor, "match:policy-post:own")) return [];
  const facts = boardFacts(ctx, [actor.orgId])[0];
  if (!facts) return [];
  return listPolicies(ctx).filter((p) => fits(p, facts));
}
