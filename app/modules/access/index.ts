import { refuse, type Refusal, type Viewer } from "./policy";
import { staffPolicy } from "./staff";

/**
 * The one place a permission is decided. Areas add their `definePolicy` table to `policies`; services call
 * `assertCan` (throws the typed 403/404), loaders call `can` to hand `can*` flags to the UI.
 */
const policies = { ...staffPolicy } as const;

export type Policies = typeof policies;
export type Permission = keyof Policies & string;
type ObjectOf<P extends Permission> = Parameters<Policies[P]>[1];
type ObjectArg<P extends Permission> = undefined extends ObjectOf<P> ? [object?: ObjectOf<P>] : [object: ObjectOf<P>];

export function can<P extends Permission>(viewer: Viewer, permission: P, ...[object]: ObjectArg<P>): boolean {
  const rule = policies[permission] as (viewer: Viewer, object: unknown) => boolean;
  return rule(viewer, object);
}

/**
 * Throws ForbiddenError, or NotFoundError with `refusal: "not-found"` where the object's existence is itself private
 * (a directed need, another tenant's record). Pass `undefined` as the object for rules that take none.
 */
export function assertCan<P extends Permission>(
  viewer: Viewer,
  permission: P,
  object: ObjectOf<P>,
  options: { refusal?: Refusal; message?: string } = {},
): void {
  const rule = policies[permission] as (viewer: Viewer, object: unknown) => boolean;
  if (!rule(viewer, object)) refuse(options.refusal ?? "forbidden", options.message);
}

export { definePolicy, type Viewer, type Rule, type PermissionName, type Refusal } from "./policy";
export * from "./subjects";
