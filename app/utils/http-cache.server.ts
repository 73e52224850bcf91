import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/**
 * Revalidation for pages served to anonymous visitors (the landing page, the directory, notices, public enterprise
 * and need pages): `Cache-Control: private, no-cache` with a weak ETag over the page, so a browser that comes back
 * gets a 304 without the body (ADR 0901). Pages for signed-in users keep streaming and are not given an ETag.
 *
 * Every page carries a per-response CSP nonce; the ETag is computed over the page with the nonce taken out, so the
 * same page gets the same ETag. A 304 then must not carry the new response's CSP header, or the browser would pair
 * its stored page (old nonce) with the new policy and refuse the page's scripts: see `keepStoredPolicyOn304`.
 */
export function isAnonymousDocumentRequest(request: globalThis.Request): boolean {
  return request.method === "GET" && !/(?:^|;\s*)__session=/.test(request.headers.get("Cookie") ?? "");
}

export function pageEtag(html: string, nonce: string): string {
  const stable = nonce ? html.split(nonce).join("") : html;
  return `W/"${crypto.createHash("sha256").update(stable).digest("base64url").slice(0, 32)}"`;
}

/** True when the request's If-None-Match names this ETag (weak comparison, as for GET). */
export function notModified(request: globalThis.Request, etag: string): boolean {
  return etagMatches(request.headers.get("If-None-Match"), etag);
}

/** True when an If-None-Match header names this ETag (weak comparison). */
export function etagMatches(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/** Express middleware: a 304 keeps the policy the browser stored with the page (see above). */
export function keepStoredPolicyOn304(_req: Request, res: Response, next: NextFunction): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if ((typeof args[0] === "number" ? args[0] : this.statusCode) === 304) this.removeHeader("Content-Security-Policy");
    return writeHead.apply(this, args);
  } as Response["writeHead"];
  next();
}
