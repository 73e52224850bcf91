import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { Server as SocketServer } from "socket.io";
import type { ViteDevServer } from "vite";
import { migrateDatabase, openDatabase } from "./db/client";
import { demoLoginsText, ensureDemoWorld } from "./seed/index";
import { ensureLiveDemoRoadshow } from "./seed/roadshow-events";
import { isExchange } from "./app/modules/access/subjects";
import { sessionFromCookieHeader } from "./app/modules/identity/auth.server";
import { attachMessagingSockets } from "./app/modules/messaging/socket.server";
import { attachRoadshowSockets } from "./app/modules/roadshows/live-socket.server";
import { attachDeckAnalyticsSockets } from "./app/modules/roadshows/deck-analytics-socket.server";
import { loadConfig, type AppConfig } from "./app/utils/config.server";
import { createLogger, noteRequestRoutePattern, requestLogger } from "./app/utils/logging.server";
import { pageCacheFor, servePageCache, type PageCacheTicket } from "./app/utils/page-cache.server";
import { keepStoredPolicyOn304 } from "./app/utils/http-cache.server";
import { staticFilesOnly } from "./app/utils/static-files.server";
import { systemClock, type AppContext } from "./app/utils/context.server";
import { attachRedisAdapter } from "./app/utils/realtime-redis.server";
import { answerMalformedFormsWith400 } from "./app/utils/form-body.server";
import { expectedOrigins, isAllowedOrigin, isSameOriginMutation } from "./app/utils/origin";
import { orgRoom, sessionRoom, socketRealtime, userRoom } from "./app/utils/realtime.server";
import { startAppSearch } from "./app/modules/search/runtime.server";
import { startSavedSearchAlerts } from "./app/modules/search/alerts.server";
import { APP_JOBS } from "./app/modules/jobs/registry.server";
import { createScheduler } from "./app/modules/jobs/scheduler.server";

const here = path.dirname(fileURLToPath(import.meta.url));

/** Request bodies larger than this are refused with 413 before any handler reads them. */
function bodyLimitFor(config: AppConfig, pathname: string): number {
  return pathname.startsWith("/upload") ? 60 * 1024 * 1024 : config.maxBodyBytes;
}

export async function startServer(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(env);
  const logger = createLogger(config);
  const serverBuild = path.join(here, "build/server/index.js");
  if (config.env !== "development" && !fs.existsSync(serverBuild)) {
    throw new Error(`No production build at ${serverBuild}: run \`npm run build\` first (npm start does it for you).`);
  }
  const db = openDatabase(config.databasePath, { synchronous: config.dbSynchronous });
  migrateDatabase(db);

  const app = express();
  const server = http.createServer(app);
  const io = new SocketServer(server, {
    serveClient: false,
    maxHttpBufferSize: 1_100_000,
    allowRequest: (req, callback) => {
      const proto = (req.headers["x-forwarded-proto"] as string | undefined) ?? "http";
      callback(null, isAllowedOrigin(req.headers.origin, expectedOrigins(config.appOrigin, proto, req.headers.host)));
    },
  });
  const closeRedis = config.redisUrl ? await attachRedisAdapter(io, config.redisUrl) : null;
  // Indexes are bootstrapped after seeding, so a first run indexes the whole demo world.
  const search = await startAppSearch(config, db, logger, { bootstrap: false });
  const ctx: AppContext = { db, config, clock: systemClock, logger, realtime: socketRealtime(io), search };
  // Saved-search alerts run after the indexer applies new or changed needs.
  startSavedSearchAlerts(ctx);

  if (config.seedOnStart) {
    const seeded = await ensureDemoWorld(ctx);
    if (seeded) logger.info("Demo world seeded on first run");
    else {
      // The demo has a roadshow that is live whenever it starts.
      try {
        if (ensureLiveDemoRoadshow(ctx)) logger.info("Demo: a live roadshow was scheduled from 10 minutes ago");
      } catch (error) {
        logger.warn({ err: error }, "could not schedule the demo's live roadshow");
      }
    }
  }
  void search.indexer.bootstrap().catch((error: unknown) => logger.error({ err: error }, "building empty search indexes failed"));

  // socket.io: the same session cookie as the pages. The socket joins its session's room so that revoking the
  // session closes it at once; every event re-checks the session (app/modules/messaging/socket.server.ts).
  io.use(async (socket, next) => {
    try {
      const found = await sessionFromCookieHeader(ctx, socket.handshake.headers.cookie);
      if (!found) return next(new Error("unauthenticated"));
      const { actor, sessionId } = found;
      socket.data.actor = actor;
      socket.data.sessionId = sessionId;
      await socket.join(sessionRoom(sessionId));
      await socket.join(userRoom(actor.userId));
      await socket.join(orgRoom(actor.orgId));
      next();
    } catch (error) {
      next(error as Error);
    }
  });
  attachMessagingSockets(io, ctx);
  attachRoadshowSockets(io, ctx);
  attachDeckAnalyticsSockets(io, ctx);
  // socket.io's own polling responses (not Express's) get nosniff too.
  io.engine.on("headers", (headers: Record<string, string>) => {
    headers["X-Content-Type-Options"] = "nosniff";
  });
  answerMalformedFormsWith400();

  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(requestLogger(logger));
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  const dev = config.env === "development";
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`, ...(dev ? ["'unsafe-inline'"] : [])],
          // 'self' covers the same-origin ws:/wss: socket.io uses (CSP Level 3); beyond it only the streaming provider.
          "connect-src": ["'self'", ...config.streamOrigins],
          // Live roadshow video: hls.js feeds the <video> through MediaSource (blob:) from the streaming provider.
          "media-src": ["'self'", "blob:", ...config.streamOrigins],
          "worker-src": ["'self'", "blob:"],
          "img-src": ["'self'", "data:", "blob:"],
          "style-src": ["'self'", "'unsafe-inline'"],
          "upgrade-insecure-requests": null,
        },
      },
      crossOriginEmbedderPolicy: false,
      // With "no-referrer" Chromium sends `Origin: null` on same-origin form posts, which the Origin
      // check below must refuse; "same-origin" keeps referrers private to other sites and forms working.
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: config.cookieSecure && !dev ? undefined : false,
    }),
  );
  app.use(compression());
  app.use(keepStoredPolicyOn304);

  // Oversized bodies get 413 up front; bodies without a declared length are refused (411) so the
  // limit cannot be dodged with chunked encoding.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const declared = req.headers["content-length"];
    if (declared === undefined) {
      if (req.headers["transfer-encoding"]) return res.status(411).type("text/plain").send("Length Required");
      return next();
    }
    if (Number(declared) > bodyLimitFor(config, req.path)) return res.status(413).type("text/plain").send("Payload Too Large");
    next();
  });

  // CSRF defence in depth beside SameSite=Lax: a mutation must show it comes from our own origin.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    if (!isSameOriginMutation(req.headers, expectedOrigins(config.appOrigin, req.protocol, req.get("host")))) {
      return res.status(403).type("text/plain").send("Cross-origin request refused");
    }
    next();
  });

  // Only exchange staff see what the health check found (engine host, PID, binary); others learn up or down.
  app.get("/healthz", async (req, res) => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    try {
      db.$client.prepare("select 1").get();
      checks.database = { ok: true };
    } catch (error) {
      checks.database = { ok: false, detail: String(error) };
    }
    const searchStatus = search.status();
    checks.search = { ok: searchStatus.healthy, detail: searchStatus.fallbackReason ?? undefined };
    const ok = Object.values(checks).every((c) => c.ok);
    const viewer = await sessionFromCookieHeader(ctx, req.headers.cookie).catch(() => null);
    res.setHeader("Cache-Control", "private, no-store");
    if (!viewer || !isExchange(viewer.actor)) return res.status(ok ? 200 : 503).json({ ok });
    const counts = await search.counts().catch((error: unknown) => ({ error: String(error) }));
    res.status(ok ? 200 : 503).json({ ok, checks, search: { ...searchStatus, counts } });
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let vite: ViteDevServer | undefined;
  if (dev) {
    const { createServer } = await import("vite");
    vite = await createServer({ server: { middlewareMode: true } });
    // Vite serves extensionless paths as modules when a file matches: /search would be search/index.ts.
    // Page URLs that share a name with a top-level source folder go straight to Remix.
    const viteMiddlewares = vite.middlewares;
    app.use((req, res, next) => (req.path === "/search" ? next() : viteMiddlewares(req, res, next)));
    build = () => vite!.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    app.use("/assets", express.static(path.join(here, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(staticFilesOnly(path.join(here, "build/client"), { maxAge: "1h" }));
    build = (await import(serverBuild)) as ServerBuild;
  }
  app.use(dev ? express.static(path.join(here, "public"), { maxAge: "1h" }) : staticFilesOnly(path.join(here, "public"), { maxAge: "1h" }));

  // Pages and .data answers may carry someone's data: never stored by a shared cache or the browser's disk,
  // unless a route says otherwise (its own Cache-Control wins).
  app.use((_req, res, next) => {
    const writeHead = res.writeHead;
    res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
      if (!res.hasHeader("Cache-Control")) res.setHeader("Cache-Control", "private, no-store");
      return writeHead.apply(this, args);
    } as typeof writeHead;
    next();
  });
  // Public pages as rendered for anonymous visitors, kept while nothing in the database changed (ADR 0905).
  if (!dev) app.use(servePageCache(pageCacheFor(db.$client, () => ctx.clock.now()), noteRequestRoutePattern));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: dev ? "development" : "production",
      getLoadContext: (req, res) => ({ app: ctx, cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null, pageCache: res.locals.pageCache as PageCacheTicket | undefined }),
    }),
  );

  // Periodic work (mail, digests, expiry, reminders, automatic admission): leased per job in the
  // database, so several app processes can run this and each job still runs once at a time.
  const scheduler = createScheduler(ctx, APP_JOBS);

  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info("Shutting down: no new connections, finishing requests");
      await new Promise<void>((resolve) => {
        io.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => {
          server.closeAllConnections();
          resolve();
        }, 10_000).unref();
      });
      await vite?.close();
      // After the server stops taking requests and before the database closes: a running job finishes.
      await scheduler.stop();
      await search.close();
      await closeRedis?.();
      db.$client.close();
      logger.info("Stopped");
    })());

  return { ctx, server, io, port, close };
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const started = await startServer();
  const url = `http://localhost:${started.port}`;
  const logins = demoLoginsText(started.ctx);
  process.stdout.write(`\n专精特新专板 is running at ${url}\n${logins}\n`);
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      started.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}
