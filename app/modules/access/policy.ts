import type { Actor } from "~/modules/identity/actor";
import { ForbiddenError, NotFoundError } from "~/utils/errors";

/**
 * Who is asking: a signed-in actor (any `Actor` fits), an organisation as a whole (`userId: null`, no roles: whom a
 * recommendation or an alert may reach), or null for an anonymous visitor. Rules read only these facts.
 */
export type Viewer = (Pick<Actor, "orgId" | "orgKind" | "institutionType" | "prefectureCode" | "roles"> & { userId: string | null }) | null;

/** The viewer for an organisation as a whole: what its members could see whatever their roles. */
export function organisationViewer(org: { id: string; kind: Actor["orgKind"]; institutionType?: Actor["institutionType"]; prefectureCode?: string | null }): Viewer {
  return { userId: null, orgId: org.id, orgKind: org.kind, institutionType: org.institutionType ?? null, prefectureCode: org.prefectureCode ?? null, roles: [] };
}

/**
 * A permission is named `action:entity:scope` (as in `update:need:own`, `approve:tier-plan:any`) and decided by one
 * small function over the viewer and, where the rule depends on it, the object. The object type is the smallest
 * shape the rule needs, so services pass rows or projections without conversions.
 */
export type PermissionName = `${string}:${string}:${string}`;
export type Rule<O> = (viewer: Viewer, object: O) => boolean;

/** Each area declares its rules in one `definePolicy({...})` table; the names are checked to be `action:entity:scope`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each rule keeps its own object type; `any` only widens the table's bound
export function definePolicy<const P extends { [K in keyof P]: K extends PermissionName ? Rule<any> : never }>(policy: P): P {
  return policy;
}

/** How a refusal is reported: `forbidden` (403) when the viewer may know the object exists, `not-found` (404) when not. */
export type Refusal = "forbidden" | "not-found";

export function refuse(refusal: Refusal, message?: string): never {
  if (refusal === "not-found") throw new NotFoundError(message);
  throw new ForbiddenError(message);
}
