import { describe, expect, it } from "vitest";
import type { InstitutionType, OrgKind, Role } from "@db/schema";
import type { Actor } from "~/modules/identity/actor";
import { ForbiddenError, NotFoundError } from "~/utils/errors";
import { accessFor, assertCan, audienceScope, can, organisationViewer, policies, policyAreas, type Permission, type Viewer } from ".";

/** A signed-in person of one organisation, built in memory: the rules read only the actor's facts. */
function person(orgId: string, orgKind: OrgKind, opts: { roles?: Role[]; institutionType?: InstitutionType; prefectureCode?: string | null; userId?: string } = {}): Actor {
  return {
    userId: opts.userId ?? `u-${orgId}-${(opts.roles ?? ["member"]).join("-")}`,
    name: orgId,
    email: `${orgId}@example.test`,
    locale: "zh-CN",
    orgId,
    orgKind,
    orgName: orgId,
    institutionType: orgKind === "institution" ? (opts.institutionType ?? "bank") : null,
    prefectureCode: opts.prefectureCode === undefined ? "6501" : opts.prefectureCode,
    roles: opts.roles ?? ["member"],
  };
}

const anonymous: Viewer = null;
const ent = person("e1", "enterprise", { roles: ["org_admin"] });
const entMember = person("e1", "enterprise", { roles: ["member"], userId: "u-e1-plain" });
const otherEnt = person("e2", "enterprise");
const bank = person("bank1", "institution", { institutionType: "bank" });
const bankAdmin = person("bank1", "institution", { institutionType: "bank", roles: ["org_admin"] });
const pe = person("pe1", "institution", { institutionType: "pe_vc" });
const guarantor = person("g1", "institution", { institutionType: "guarantor" });
const untypedInstitution = person("x1", "institution");
untypedInstitution.institutionType = null;
const bureau = person("b6501", "bureau", { prefectureCode: "6501" });
const otherBureau = person("b6502", "bureau", { prefectureCode: "6502" });
const bureauWithoutPrefecture = person("b0", "bureau", { prefectureCode: null });
const regulator = person("csrc", "regulator");
const reviewer = person("xj", "exchange", { roles: ["reviewer"] });
const admin = person("xj", "exchange", { roles: ["exchange_admin"] });
const specialist = person("xj", "exchange", { roles: ["service_specialist"] });

const app = (over: Partial<{ enterpriseOrgId: string; channel: "self" | "bureau" | "sponsor"; sponsorOrgId: string | null; sponsorConfirmedAt: number | null; prefectureCode: string | null; state: "draft" | "submitted" | "forwarded" }> = {}) => ({
  enterpriseOrgId: "e1",
  channel: "self" as const,
  sponsorOrgId: null,
  sponsorConfirmedAt: null,
  prefectureCode: "6501",
  state: "submitted" as const,
  ...over,
});
const offer = { institutionOrgId: "bank1", enterpriseOrgId: "e1", guarantorOrgIds: ["g1"] };
const need = { state: "published", enterpriseOrgId: "e1", audience: "members" as const, directedOrgIds: [] as string[] };
const deck = { enterpriseOrgId: "e1", archivedAt: null, audience: "directed" as const, directedOrgIds: ["pe1"] };
const served = { enterpriseOrgId: "e1", servicePersonUserId: "u-xj-service_specialist" };
const request = { enterpriseOrgId: "e1", assigneeUserId: "u-xj-service_specialist" };
const participants = [{ orgId: "e1", userId: null }, { orgId: "bank1", userId: null }, { orgId: null, userId: "u-xj-service_specialist" }];

const roadshowScheduler = person("xj", "exchange", { roles: ["roadshow_scheduler"] });
const moderator = person("xj", "exchange", { roles: ["service_specialist"], userId: "u-moderator" });
/** A roadshow presented by e1, moderated by `moderator`, with pe1 invited. */
const show = (audience: "public" | "members" | "invited") => ({ audience, presenterOrgIds: ["e1"], moderatorUserIds: ["u-moderator"], invitedOrgIds: ["pe1"] });

type Case = readonly [viewer: Viewer, object?: unknown];
type Row = { allowed: Case[]; refused: Case[] };

/**
 * Every permission with at least one actor it lets through and one it refuses. `satisfies Record<Permission, Row>`
 * makes a permission without a row a type error, and the first test makes it a failing test too.
 */
const TABLE = {
  // board
  "start:application:any": { allowed: [[ent], [bureau], [bank]], refused: [[regulator], [reviewer], [bureauWithoutPrefecture], [anonymous]] },
  "start:application:for-enterprise": {
    allowed: [[ent, { orgId: "e1", prefectureCode: "6501" }], [bureau, { orgId: "e2", prefectureCode: "6501" }], [bank, { orgId: "e2", prefectureCode: "6502" }]],
    refused: [[ent, { orgId: "e2", prefectureCode: "6501" }], [otherBureau, { orgId: "e1", prefectureCode: "6501" }], [admin, { orgId: "e1", prefectureCode: "6501" }]],
  },
  "read:application:involved": {
    allowed: [[ent, app()], [bureau, app()], [reviewer, app()], [bank, app({ channel: "sponsor", sponsorOrgId: "bank1" })], [bureau, app({ channel: "bureau", state: "draft" })]],
    refused: [[otherEnt, app()], [otherBureau, app()], [regulator, app()], [reviewer, app({ state: "draft" })], [bank, app()], [bureau, app({ state: "draft" })], [anonymous, app()]],
  },
  "update:application:involved": {
    allowed: [[ent, app()], [bank, app({ channel: "sponsor", sponsorOrgId: "bank1" })], [bureau, app({ channel: "bureau" })]],
    refused: [[bank, app({ channel: "sponsor", sponsorOrgId: "bank1", sponsorConfirmedAt: 1 })], [bureau, app()], [reviewer, app()], [otherEnt, app()]],
  },
  "attach:due-diligence:sponsor": { allowed: [[bank]], refused: [[ent], [bureau]] },
  "confirm:application:own": { allowed: [[ent, app()], [ent]], refused: [[otherEnt, app()], [bank, app({ enterpriseOrgId: "bank1" })], [reviewer]] },
  "withdraw:application:own": { allowed: [[ent, app()]], refused: [[otherEnt, app()], [bureau, app()]] },
  "list:application:own": { allowed: [[ent], [bank], [bureau]], refused: [[regulator], [admin], [bureauWithoutPrefecture]] },
  "forward:application:prefecture": { allowed: [[bureau], [bureau, { prefectureCode: "6501" }]], refused: [[otherBureau, { prefectureCode: "6501" }], [bureauWithoutPrefecture], [reviewer]] },
  "import:application-list:prefecture": { allowed: [[bureau]], refused: [[bureauWithoutPrefecture], [ent], [admin]] },
  "read:import-job:own": { allowed: [[bureau, { createdBy: bureau.userId }]], refused: [[otherBureau, { createdBy: bureau.userId }], [organisationViewer({ id: "b6501", kind: "bureau" }), { createdBy: bureau.userId }]] },
  "list:application:forwarded": { allowed: [[reviewer], [specialist]], refused: [[regulator], [bureau]] },
  "review:application:any": { allowed: [[reviewer], [admin]], refused: [[specialist], [regulator], [bureau]] },
  "submit:tier-plan:any": { allowed: [[reviewer], [admin]], refused: [[specialist], [regulator]] },
  "read:tier-plan:any": {
    allowed: [[specialist, { state: "draft", submission: 0 }], [regulator, { state: "submitted", submission: 1 }], [regulator, { state: "draft", submission: 1 }], [regulator]],
    refused: [[regulator, { state: "draft", submission: 0 }], [bureau], [ent, { state: "approved", submission: 1 }]],
  },
  "decide:tier-plan:regulator": { allowed: [[regulator]], refused: [[admin], [bureau]] },
  "manage:notice:any": { allowed: [[reviewer], [admin]], refused: [[specialist], [regulator]] },
  "end-early:notice:any": { allowed: [[admin]], refused: [[reviewer]] },
  "admit:plan-item:any": { allowed: [[specialist]], refused: [[regulator], [ent]] },
  "read:board-status:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [specialist, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [bank, { enterpriseOrgId: "bank1" }], [regulator, { enterpriseOrgId: "e1" }]] },
  "manage:custody:any": { allowed: [[specialist]], refused: [[ent], [regulator]] },
  "update:custody:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [admin, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [regulator, { enterpriseOrgId: "e1" }]] },
  "start:retiering:any": { allowed: [[admin]], refused: [[reviewer]] },
  "read:threshold:any": { allowed: [[specialist]], refused: [[regulator], [ent]] },
  "manage:threshold:any": { allowed: [[admin]], refused: [[reviewer]] },
  "manage:board-settings:any": { allowed: [[admin]], refused: [[reviewer]] },
  "manage:working-days:any": { allowed: [[admin]], refused: [[specialist]] },
  "manage:round:any": { allowed: [[admin]], refused: [[reviewer], [bureau]] },
  // enterprises
  "update:profile:own": { allowed: [[ent, { orgId: "e1" }], [entMember, { orgId: "e1" }]], refused: [[otherEnt, { orgId: "e1" }], [admin, { orgId: "e1" }], [bank, { orgId: "bank1" }]] },
  "request:data-access:member": { allowed: [[bank], [pe]], refused: [[ent], [regulator], [anonymous]] },
  "decide:data-access:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [ent]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [bank]] },
  "list:disclosure:received": { allowed: [[pe], [regulator]], refused: [[ent], [reviewer]] },
  "set:disclosure-duty:any": { allowed: [[reviewer], [specialist]], refused: [[regulator], [ent], [pe]] },
  "view:disclosure-duty:any": { allowed: [[reviewer], [regulator]], refused: [[ent], [pe], [bureau]] },
  "view:disclosure-duty:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [regulator, { enterpriseOrgId: "e1" }], [specialist, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [pe, { enterpriseOrgId: "e1" }]] },
  "submit:disclosure:own": { allowed: [[ent, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [pe]] },
  // financing
  "create:need:own": { allowed: [[ent]], refused: [[bank], [admin], [anonymous]] },
  "update:need:own": { allowed: [[ent, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [admin, { enterpriseOrgId: "e1" }]] },
  "read:need:audience": {
    allowed: [[bank, need], [regulator, need], [ent, { ...need, state: "draft" }], [pe, { ...need, audience: "directed", directedOrgIds: ["pe1"] }], [anonymous, { ...need, audience: "public" }]],
    refused: [[otherEnt, need], [anonymous, need], [regulator, { ...need, state: "draft" }], [bank, { ...need, audience: "directed", directedOrgIds: ["pe1"] }]],
  },
  "browse:need:market": { allowed: [[bank], [regulator], [specialist]], refused: [[ent], [bureau], [anonymous]] },
  "browse:credit-product:market": { allowed: [[bank], [ent]], refused: [[regulator], [bureau], [pe]] },
  "follow:enterprise:any": { allowed: [[pe], [specialist]], refused: [[ent], [regulator], [bureau]] },
  "offer:need:member": { allowed: [[bank, { instrument: "loan" }], [pe, { instrument: "equity" }], [pe]], refused: [[bank, { instrument: "equity" }], [untypedInstitution, { instrument: "loan" }], [ent], [admin, { instrument: "loan" }]] },
  "list:offer:own": { allowed: [[guarantor]], refused: [[ent]] },
  "express-interest:need:member": { allowed: [[pe]], refused: [[ent], [specialist]] },
  "read:offer:party": { allowed: [[bank, offer], [ent, offer], [guarantor, offer], [regulator, offer]], refused: [[pe, offer], [otherEnt, offer], [bureau, offer], [anonymous, offer]] },
  "update:offer:own": { allowed: [[bank, offer]], refused: [[ent, offer], [guarantor, offer]] },
  "decide:offer:enterprise": { allowed: [[ent, offer]], refused: [[bank, offer], [admin, offer]] },
  "back:offer:guarantor": { allowed: [[guarantor]], refused: [[bank], [ent]] },
  "compare:offer:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [regulator, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [bank, { enterpriseOrgId: "e1" }]] },
  "record:financing-outcome:party": { allowed: [[ent, offer], [bank, offer]], refused: [[guarantor, offer], [regulator, offer]] },
  "read:offer-progress:party": { allowed: [[ent, offer], [bank, offer]], refused: [[guarantor, offer], [regulator, offer], [otherEnt, offer]] },
  "read:need-timeline:own": { allowed: [[ent, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [bank, { enterpriseOrgId: "e1" }]] },
  "record:offer-progress:lender": { allowed: [[bank, offer]], refused: [[ent, offer], [guarantor, offer]] },
  "read:financing-outcome:any": { allowed: [[regulator], [specialist]], refused: [[bank], [ent]] },
  "manage:mandate:own": { allowed: [[pe]], refused: [[ent], [admin]] },
  "publish:credit-product:own": { allowed: [[bank], [guarantor], [person("o1", "institution", { institutionType: "other" })]], refused: [[pe], [untypedInstitution], [ent]] },
  "apply:credit-product:enterprise": { allowed: [[ent]], refused: [[bank], [regulator]] },
  "read:product-application:party": {
    allowed: [[ent, { enterpriseOrgId: "e1", institutionOrgId: "bank1" }], [bank, { enterpriseOrgId: "e1", institutionOrgId: "bank1" }], [regulator, { enterpriseOrgId: "e1", institutionOrgId: "bank1" }]],
    refused: [[otherEnt, { enterpriseOrgId: "e1", institutionOrgId: "bank1" }], [pe, { enterpriseOrgId: "e1", institutionOrgId: "bank1" }]],
  },
  "list:product-application:lender": { allowed: [[bank]], refused: [[ent], [pe]] },
  // decks
  "read:deck:audience": { allowed: [[pe, deck], [ent, deck], [regulator, deck], [ent, { ...deck, archivedAt: 1 }]], refused: [[bank, deck], [anonymous, deck], [pe, { ...deck, archivedAt: 1 }]] },
  "manage:deck:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [ent]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [bank]] },
  "read:deck-analytics:own": { allowed: [[ent, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [regulator, { enterpriseOrgId: "e1" }]] },
  // messaging
  "list:conversation:own": { allowed: [[ent], [bank], [specialist]], refused: [[regulator], [bureau]] },
  "start:conversation:pair": {
    allowed: [[ent, { id: "bank1", kind: "institution" }], [bank, { id: "e1", kind: "enterprise" }], [specialist, { id: "e1", kind: "enterprise" }]],
    refused: [[ent, { id: "e2", kind: "enterprise" }], [bank, { id: "pe1", kind: "institution" }], [regulator, { id: "e1", kind: "enterprise" }], [ent, { id: "e1", kind: "exchange" }]],
  },
  "read:conversation:participant": { allowed: [[entMember, participants], [bank, participants], [specialist, participants]], refused: [[pe, participants], [admin, participants], [anonymous, participants]] },
  "add-staff:conversation:participant": { allowed: [[ent, { side: "enterprise" }], [specialist, { side: "staff" }]], refused: [[person("odd", "institution"), { side: "staff" }]] },
  "add-staff:conversation:any": { allowed: [[admin]], refused: [[specialist], [bankAdmin]] },
  "read:attachment:uploader": {
    allowed: [[ent, { messageId: "m1", uploaderUserId: "someone" }], [ent, { messageId: null, uploaderUserId: ent.userId }]],
    refused: [[entMember, { messageId: null, uploaderUserId: ent.userId }], [organisationViewer({ id: "e1", kind: "enterprise" }), { messageId: null, uploaderUserId: ent.userId }]],
  },
  // identity and administration
  "read:member:own-org": { allowed: [[entMember, { orgId: "e1" }], [admin, { orgId: "e1" }]], refused: [[otherEnt, { orgId: "e1" }], [reviewer, { orgId: "e1" }]] },
  "manage:member:own-org": { allowed: [[ent, { orgId: "e1" }], [admin, { orgId: "e1" }], [bankAdmin]], refused: [[entMember, { orgId: "e1" }], [bankAdmin, { orgId: "e1" }], [reviewer, { orgId: "xj" }]] },
  "reset:member-mfa:own-org": { allowed: [[ent, { orgId: "e1" }], [admin, { orgId: "e1" }]], refused: [[entMember, { orgId: "e1" }], [bankAdmin, { orgId: "e1" }], [reviewer, { orgId: "xj" }]] },
  "manage:organisation:any": { allowed: [[admin]], refused: [[bankAdmin], [reviewer]] },
  "read:organisation:own": { allowed: [[entMember, { id: "e1" }], [admin, { id: "e1" }]], refused: [[otherEnt, { id: "e1" }], [regulator, { id: "e1" }]] },
  "manage:routing:any": { allowed: [[admin]], refused: [[reviewer]] },
  "manage:job:any": { allowed: [[admin]], refused: [[specialist]] },
  "manage:mail:any": { allowed: [[admin]], refused: [[bankAdmin]] },
  "read:audit:any": { allowed: [[regulator], [specialist]], refused: [[bank], [ent], [bureau]] },
  // board rules (issue 16): violations and removal, fact updates for re-tiering
  "record:violation:any": { allowed: [[specialist], [reviewer]], refused: [[regulator], [ent], [bank]] },
  "confirm:violation:any": { allowed: [[reviewer], [admin]], refused: [[specialist], [regulator]] },
  "propose:removal:any": { allowed: [[reviewer]], refused: [[specialist], [regulator], [ent]] },
  "view:violation:any": { allowed: [[regulator], [specialist]], refused: [[ent], [bank], [anonymous]] },
  "view:violation:own": {
    allowed: [[ent, { enterpriseOrgId: "e1", state: "confirmed" }]],
    refused: [[ent, { enterpriseOrgId: "e1", state: "recorded" }], [otherEnt, { enterpriseOrgId: "e1", state: "confirmed" }], [bank, { enterpriseOrgId: "e1", state: "confirmed" }]],
  },
  "submit:fact-update:own": {
    allowed: [[ent, { enterpriseOrgId: "e1", servicePersonUserId: null }], [specialist, { enterpriseOrgId: "e1", servicePersonUserId: specialist.userId }]],
    refused: [[otherEnt, { enterpriseOrgId: "e1", servicePersonUserId: null }], [reviewer, { enterpriseOrgId: "e1", servicePersonUserId: specialist.userId }], [bank, { enterpriseOrgId: "e1", servicePersonUserId: null }]],
  },
  "list:fact-update:involved": { allowed: [[ent], [specialist]], refused: [[bank], [regulator], [anonymous]] },
  "review:fact-update:any": { allowed: [[reviewer]], refused: [[specialist], [ent]] },
  "view:fact-update:own": {
    allowed: [[ent, { enterpriseOrgId: "e1", servicePersonUserId: null }], [regulator, { enterpriseOrgId: "e1", servicePersonUserId: null }], [specialist, { enterpriseOrgId: "e1", servicePersonUserId: specialist.userId }]],
    refused: [[otherEnt, { enterpriseOrgId: "e1", servicePersonUserId: null }], [bank, { enterpriseOrgId: "e1", servicePersonUserId: null }]],
  },
  // search
  "search:staff-index:any": { allowed: [[regulator], [reviewer]], refused: [[bank], [anonymous]] },
  // roadshows
  "list:roadshow:mine": { allowed: [[ent], [bank], [specialist]], refused: [[anonymous], [regulator], [bureau]] },
  "list:roadshow-presented:own": { allowed: [[ent]], refused: [[bank], [roadshowScheduler]] },
  "view:roadshow-attendance:any": { allowed: [[specialist], [admin]], refused: [[ent], [bank]] },
  "require:mfa:own": { allowed: [[reviewer], [regulator], [bureau]], refused: [[ent], [bank], [anonymous]] },
  "manage:roadshow-venue:any": { allowed: [[admin]], refused: [[roadshowScheduler], [specialist]] },
  "schedule:roadshow:any": { allowed: [[roadshowScheduler], [admin]], refused: [[specialist], [ent]] },
  "view:roadshow-calendar:any": { allowed: [[specialist]], refused: [[bank], [regulator]] },
  "view:roadshow:audience": {
    allowed: [[anonymous, show("public")], [bank, show("members")], [pe, show("invited")], [ent, show("invited")], [specialist, show("invited")]],
    refused: [[anonymous, show("members")], [bank, show("invited")]],
  },
  "register:roadshow:audience": { allowed: [[bank, show("members")], [pe, show("invited")]], refused: [[anonymous, show("public")], [ent, show("members")], [bank, show("invited")]] },
  "join:roadshow-live:audience": { allowed: [[bank, show("public")], [ent, show("invited")]], refused: [[anonymous, show("public")], [otherEnt, show("invited")]] },
  "present:roadshow:own": { allowed: [[ent, show("members")], [moderator, show("members")], [roadshowScheduler, show("members")]], refused: [[bank, show("members")], [specialist, show("members")]] },
  "moderate:roadshow:own": { allowed: [[moderator, show("members")], [roadshowScheduler, show("members")]], refused: [[ent, show("members")], [specialist, show("members")]] },
  "answer:roadshow-question:own": { allowed: [[ent, show("members")], [moderator, show("members")]], refused: [[bank, show("members")], [otherEnt, show("members")]] },
  "view:roadshow-attendance:own": { allowed: [[ent, show("members")], [specialist, show("members")]], refused: [[bank, show("members")], [otherEnt, show("members")]] },
  "download:roadshow-record:own": { allowed: [[ent, show("members")], [reviewer, show("members")]], refused: [[pe, show("invited")], [regulator, show("members")]] },
  "request:roadshow:own": { allowed: [[ent]], refused: [[bank], [roadshowScheduler]] },
  "manage:roadshow-faq:own": {
    allowed: [[ent, { enterpriseOrgId: "e1" }], [entMember, { enterpriseOrgId: "e1" }], [ent]],
    refused: [[otherEnt, { enterpriseOrgId: "e1" }], [admin, { enterpriseOrgId: "e1" }], [bank, { enterpriseOrgId: "e1" }], [anonymous], [roadshowScheduler]],
  },
  "view:roadshow-request:own": { allowed: [[ent, { enterpriseOrgId: "e1" }], [roadshowScheduler, { enterpriseOrgId: "e1" }]], refused: [[otherEnt, { enterpriseOrgId: "e1" }], [specialist, { enterpriseOrgId: "e1" }]] },
  // staff: the service desk, statistics and report packs
  "assign:service-person:any": { allowed: [[admin]], refused: [[specialist], [reviewer]] },
  "read:service-workload:any": { allowed: [[admin]], refused: [[specialist], [regulator]] },
  "read:service-desk:any": { allowed: [[specialist], [admin]], refused: [[reviewer], [bank], [ent]] },
  "read:served-enterprise:any": { allowed: [[reviewer, served], [specialist, served]], refused: [[bank, served], [ent, served], [regulator, served]] },
  "create:service-request:own": {
    allowed: [[ent, served], [specialist, served], [admin, served]],
    refused: [[otherEnt, served], [specialist, { ...served, servicePersonUserId: "someone-else" }], [bank, served], [reviewer, served]],
  },
  "raise:service-request:own": { allowed: [[ent]], refused: [[bank], [specialist]] },
  "read:service-request:own": { allowed: [[ent, request], [reviewer, request]], refused: [[otherEnt, request], [bank, request], [regulator, request]] },
  "work:service-request:assigned": { allowed: [[specialist, request], [admin, request]], refused: [[specialist, { ...request, assigneeUserId: "someone-else" }], [ent, request], [reviewer, request]] },
  "withdraw:service-request:own": { allowed: [[ent, request]], refused: [[otherEnt, request], [specialist, request]] },
  "rate:service-request:own": { allowed: [[ent, request]], refused: [[otherEnt, request], [specialist, request]] },
  "record:visit:any": { allowed: [[specialist], [admin]], refused: [[reviewer], [ent]] },
  "publish:policy-post:any": { allowed: [[specialist]], refused: [[reviewer], [bank]] },
  "match:policy-post:own": { allowed: [[ent]], refused: [[bank], [anonymous]] },
  "manage:esop:own": { allowed: [[ent, served], [specialist, served]], refused: [[otherEnt, served], [bank, served], [reviewer, served]] },
  "read:esop:own": { allowed: [[ent, served], [reviewer, served]], refused: [[otherEnt, served], [bank, served], [regulator, served]] },
  "register:esop-custody:any": { allowed: [[specialist]], refused: [[ent], [reviewer]] },
  "keep:esop-register:own": { allowed: [[ent]], refused: [[specialist], [bank]] },
  "read:reminder:own": { allowed: [[ent], [reviewer]], refused: [[bank], [regulator], [anonymous]] },
  "read:board-statistics:any": { allowed: [[regulator], [reviewer]], refused: [[bank], [ent], [bureau]] },
  "read:board-statistics:prefecture": { allowed: [[bureau], [otherBureau]], refused: [[bureauWithoutPrefecture], [regulator], [bank], [ent]] },
  "generate:report-pack:any": { allowed: [[admin]], refused: [[specialist], [regulator]] },
  "download:report-pack:any": { allowed: [[regulator], [admin]], refused: [[bank], [ent]] },
  "receive:report-pack:any": { allowed: [[regulator]], refused: [[admin], [specialist], [bank], [ent]] },
  "read:service-person:own": { allowed: [[ent]], refused: [[bank], [specialist]] },
  "list:service-request:exchange": { allowed: [[reviewer], [specialist]], refused: [[bank], [regulator]] },
  "read:service-file:any": { allowed: [[reviewer]], refused: [[ent], [regulator]] },
  "open:audit-link:any": {
    allowed: [[reviewer, { subjectType: "service_request" }], [admin, { subjectType: "board_round" }], [regulator, { subjectType: "offer" }]],
    refused: [[regulator, { subjectType: "service_request" }], [reviewer, { subjectType: "board_round" }], [bank, { subjectType: "offer" }]],
  },
} satisfies Record<Permission, Row>;

const check = (permission: Permission, [viewer, object]: Case) => (can as (v: Viewer, p: Permission, o?: unknown) => boolean)(viewer, permission, object);
const who = (viewer: Viewer) => (viewer ? `${viewer.orgKind} ${viewer.orgId} [${viewer.roles.join(",")}]${viewer.userId === null ? " (organisation)" : ""}` : "anonymous");

describe("access policy", () => {
  it("has a row in the table for every permission, and a permission for every row", () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(policies).sort());
  });

  it("names every permission action:entity:scope, each in one area only", () => {
    const seen = new Map<string, string>();
    for (const [area, table] of Object.entries(policyAreas)) {
      for (const name of Object.keys(table)) {
        expect(name).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
        expect(seen.get(name), `${name} is defined by ${seen.get(name)} and ${area}`).toBeUndefined();
        seen.set(name, area);
      }
    }
    expect(seen.size).toBe(Object.keys(policies).length);
  });

  describe.each(Object.entries(TABLE) as [Permission, Row][])("%s", (permission, row) => {
    it("has at least one allowed and one refused actor", () => {
      expect(row.allowed.length).toBeGreaterThan(0);
      expect(row.refused.length).toBeGreaterThan(0);
    });
    it.each(row.allowed.map((c) => [who(c[0]), c] as const))("allows %s", (_, c) => expect(check(permission, c)).toBe(true));
    it.each(row.refused.map((c) => [who(c[0]), c] as const))("refuses %s", (_, c) => expect(check(permission, c)).toBe(false));
  });

  it("assertCan throws 403 by default and 404 where existence is private", () => {
    expect(() => assertCan(otherEnt, "update:need:own", { enterpriseOrgId: "e1" })).toThrow(ForbiddenError);
    expect(() => assertCan(otherEnt, "update:need:own", { enterpriseOrgId: "e1" }, { refusal: "not-found" })).toThrow(NotFoundError);
    expect(() => assertCan(ent, "update:need:own", { enterpriseOrgId: "e1" })).not.toThrow();
  });
});

describe("audience rule", () => {
  const target = (audience: "public" | "members" | "directed" | "regulators", directedOrgIds: string[] = []) => ({ ownerOrgId: "e1", audience, directedOrgIds });

  it("gives the ground of each view", () => {
    expect(accessFor(anonymous, target("public"))).toBe("public");
    expect(accessFor(ent, target("regulators"))).toBe("owner");
    expect(accessFor(regulator, target("directed"))).toBe("supervision");
    expect(accessFor(bank, target("members"))).toBe("members");
    expect(accessFor(pe, target("directed", ["pe1"]))).toBe("directed");
    expect(accessFor(bank, target("regulators"), true)).toBe("grant");
    expect(accessFor(bank, target("regulators"))).toBeNull();
    expect(accessFor(otherEnt, target("members"))).toBeNull();
  });

  it("compiles to the same scope lists and the search filter use", () => {
    expect(audienceScope(specialist)).toEqual({ everything: true });
    expect(audienceScope(regulator)).toEqual({ everything: true });
    expect(audienceScope(anonymous)).toEqual({ everything: false, audiences: ["public"], ownerOrgId: null, directedToOrgId: null });
    expect(audienceScope(bank)).toEqual({ everything: false, audiences: ["public", "members"], ownerOrgId: "bank1", directedToOrgId: "bank1" });
    expect(audienceScope(ent)).toEqual({ everything: false, audiences: ["public"], ownerOrgId: "e1", directedToOrgId: "e1" });
  });

  it("agrees with the scope for every audience and viewer (grants aside)", () => {
    const viewers = [anonymous, ent, otherEnt, bank, pe, bureau, regulator, specialist];
    for (const audience of ["public", "members", "directed", "regulators"] as const) {
      const t = target(audience, ["pe1"]);
      for (const viewer of viewers) {
        const scope = audienceScope(viewer);
        const byScope =
          scope.everything ||
          scope.audiences.includes(audience) ||
          (audience === "directed" && scope.directedToOrgId !== null && t.directedOrgIds.includes(scope.directedToOrgId)) ||
          scope.ownerOrgId === t.ownerOrgId;
        expect(accessFor(viewer, t) !== null, `${audience} for ${who(viewer)}`).toBe(byScope);
      }
    }
  });
});
