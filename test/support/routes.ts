// Route-level test support (test/support/routes.ts): calls a Remix route's loader or action the way the server would, with a
// real session cookie for an actor, and turns what it returns or throws (redirects, HTTP errors from
// orHttpError, toasts in the flash cookie) into something a test can assert on.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { createTestContext, type TestContext } from "./context";
import type { Actor } from "~/modules/identity/actor";
import { sessionStorage, type Toast } from "~/modules/identity/auth.server";
import { createSession } from "~/modules/identity/sessions.server";

/** A fresh test context whose uploaded files go to a throwaway directory. */
export function createRouteTestContext(): TestContext {
  const ctx = createTestContext();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "board-routes-"));
  return { ...ctx, config: { ...ctx.config, dataDir } };
}

export async function sessionCookie(ctx: TestContext, actor: Actor): Promise<string> {
  const { token } = createSession(ctx, actor.userId);
  const storage = sessionStorage(ctx.config);
  const session = await storage.getSession();
  session.set("token", token);
  return (await storage.commitSession(session)).split(";")[0]!;
}

export type RouteResult = { status: number; location: string | null; body: unknown; response: Response | null; toast: Toast | null };

type RouteFn = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

async function toastOf(ctx: TestContext, response: Response): Promise<Toast | null> {
  const cookie = response.headers.get("Set-Cookie");
  if (!cookie) return null;
  const session = await sessionStorage(ctx.config).getSession(cookie.split(";")[0]);
  return session.get("toast") ?? null;
}

async function settle(ctx: TestContext, outcome: unknown): Promise<RouteResult> {
  if (outcome instanceof Response) {
    return { status: outcome.status, location: outcome.headers.get("Location"), body: null, response: outcome, toast: await toastOf(ctx, outcome) };
  }
  if (outcome && typeof outcome === "object" && (outcome as { type?: string }).type === "DataWithResponseInit") {
    const d = outcome as { data: unknown; init: { status?: number } | null };
    return { status: d.init?.status ?? 200, location: null, body: d.data, response: null, toast: null };
  }
  return { status: 200, location: null, body: outcome, response: null, toast: null };
}

/** Runs a loader or action; `form` makes it a POST with a multipart body, as a browser form would send. */
export async function callRoute(
  ctx: TestContext,
  fn: RouteFn,
  opts: { url: string; cookie?: string | null; form?: FormData; params?: Record<string, string>; ip?: string; headers?: Record<string, string> },
): Promise<RouteResult> {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  const request = new Request(new URL(opts.url, "http://board.test"), { method: opts.form ? "POST" : "GET", headers, body: opts.form });
  const context = { app: ctx, cspNonce: "test", clientIp: opts.ip ?? "127.0.0.1" } as AppLoadContext;
  try {
    return await settle(ctx, await fn({ request, context, params: opts.params ?? {} } as LoaderFunctionArgs & ActionFunctionArgs));
  } catch (thrown) {
    return settle(ctx, thrown);
  }
}
