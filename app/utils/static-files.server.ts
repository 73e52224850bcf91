import fs from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";

/**
 * Serves the files that are in `root` when the server starts, and only asks the file system for those.
 *
 * `express.static` stats the disk for every request that reaches it, so every page view paid two failed stats
 * (build/client and public) before Remix answered — about 5% of a landing page's CPU (ADR 0905). The production
 * build's top level and public/ only change with a new build or deploy, which restarts the server.
 */
export function staticFilesOnly(root: string, options: Parameters<typeof express.static>[1] = {}): RequestHandler {
  const files = new Set(listFiles(root).map((file) => "/" + path.relative(root, file).split(path.sep).join("/")));
  const serve = express.static(root, { ...options, index: false, redirect: false });
  return (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || !files.has(decodedPath(req.path))) return next();
    return serve(req, res, next);
  };
}

function decodedPath(requestPath: string): string {
  try {
    return decodeURIComponent(requestPath);
  } catch {
    return requestPath;
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}
