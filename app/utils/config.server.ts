import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

// Every setting comes from the environment; the defaults run the demo on one machine.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().default("data/app.db"),
  DATA_DIR: z.string().optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  APP_ORIGIN: z.string().url().optional(),
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default("专精特新专板 <no-reply@xjsrdi.example>"),
  SEARCH_ENGINE: z.enum(["auto", "meilisearch", "embedded"]).default("auto"),
  MEILI_HOST: z.string().url().optional(),
  MEILI_API_KEY: z.string().optional(),
  MEILI_BINARY: z.string().optional(),
  SEED_ON_START: z.enum(["true", "false"]).default("true"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  /** With it, socket.io broadcasts go through Redis Streams so several app processes serve one room. */
  REDIS_URL: z.string().url().optional(),
  /** Origins of the streaming provider whose HLS the live roadshow room may play (space- or comma-separated). */
  STREAM_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().url().transform((u) => new URL(u).origin))),
  /** A session unused for this long ends (sliding); ASVS 7.3.1. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(60),
  /** A session ends this long after sign-in whatever its use; ASVS 7.3.2. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  /** full (default): an acknowledged write survives power loss; normal: only a killed process (ADR 0603). */
  DB_SYNCHRONOUS: z.enum(["full", "normal"]).default("full"),
});

export type AppConfig = {
  env: "development" | "production" | "test";
  port: number;
  host: string;
  databasePath: string;
  dataDir: string;
  sessionSecret: string;
  appOrigin?: string;
  cookieSecure: boolean;
  smtpUrl?: string;
  mailFrom: string;
  searchEngine: "auto" | "meilisearch" | "embedded";
  meiliHost?: string;
  meiliApiKey?: string;
  meiliBinary?: string;
  seedOnStart: boolean;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  maxBodyBytes: number;
  streamOrigins: string[];
  redisUrl?: string;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  dbSynchronous: "full" | "normal";
};

/**
 * Reads the secret from data/ or creates it there: a demo install must survive restarts
 * without logging everybody out, and must never ship a shared default secret.
 */
function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "session-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString("hex");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const databasePath = e.DATABASE_PATH;
  const dataDir = e.DATA_DIR ?? (databasePath === ":memory:" ? "data" : path.dirname(databasePath));
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databasePath,
    dataDir,
    sessionSecret: e.SESSION_SECRET ?? loadOrCreateSecret(dataDir),
    appOrigin: e.APP_ORIGIN,
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === "true" : e.NODE_ENV === "production",
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    searchEngine: e.SEARCH_ENGINE,
    meiliHost: e.MEILI_HOST,
    meiliApiKey: e.MEILI_API_KEY,
    meiliBinary: e.MEILI_BINARY,
    seedOnStart: e.SEED_ON_START === "true",
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    streamOrigins: e.STREAM_ORIGINS,
    redisUrl: e.REDIS_URL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionAbsoluteMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
    dbSynchronous: e.DB_SYNCHRONOUS,
  };
}
