import pino, { type Logger } from "pino";
import type { AppConfig } from "./config.server";

export const REDACTED = "[redacted]";

/**
 * Secrets that can appear in a request: the token in a reset or invitation link (path or query), the session
 * cookie, and authorisation headers. Applied to every serialised log line (hooks.streamWrite), whatever logged it
 * and under whichever key, so a new log call or request logger cannot leak them.
 */
const LINE_RULES: [RegExp, string][] = [
  [/(\/(?:reset-password|invite)\/)[^/?#\s"\\]+/g, `$1${REDACTED}`],
  [/([?&](?:token|code|secret|key|password|signature)=)[^&#\s"\\]+/gi, `$1${REDACTED}`],
  [/(__session=)[^;\s"\\]+/g, `$1${REDACTED}`],
  [/((?:Bearer|Basic)\s+)[^\s"\\]+/gi, `$1${REDACTED}`],
];

export function redactLine(line: string): string {
  let out = line;
  for (const [pattern, replacement] of LINE_RULES) out = out.replace(pattern, replacement);
  return out;
}

/** Whole header values that are secrets by nature, wherever a request or response is logged. */
const REDACT_PATHS = ["cookie", "authorization", "proxy-authorization", "set-cookie", "x-api-key"].flatMap((h) => [
  `req.headers["${h}"]`,
  `res.headers["${h}"]`,
  `headers["${h}"]`,
  `*.headers["${h}"]`,
]);

/** The app's one logger (server.ts): JSON lines, pretty in development, secrets redacted from every line. */
export function createLogger(config: Pick<AppConfig, "logLevel" | "env">, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    hooks: { streamWrite: redactLine },
    transport: config.env === "development" && !destination ? { target: "pino-pretty" } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
