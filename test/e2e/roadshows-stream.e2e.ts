import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENTERPRISES } from "@seed/world";
import { eventually, signIn, screenshot, specBrowser, waitForHydration } from "./support";

/**
 * The live room plays the event's HLS stream: a few seconds of test video made with Debian's ffmpeg, served here on
 * the origin the runner allowed in the app's CSP (STREAM_ORIGINS), set as the stream URL of a new online roadshow;
 * a bank in the room sees the <video> play (its clock advances), through hls.js.
 */
const ffmpeg = process.env.E2E_FFMPEG ?? "";
const streamOrigin = process.env.E2E_STREAM_ORIGIN ?? "";
if (!ffmpeg) console.warn("[e2e] roadshows-stream: ffmpeg is not installed and could not be (apt-get needs root), so the live-video spec is skipped. Install it: apt-get install -y ffmpeg");

const browser = specBrowser();
const PRESENTER = ENTERPRISES[2]![0];
let dir = "";
let server: http.Server | null = null;

const TYPES: Record<string, string> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t" };

beforeAll(async () => {
  if (!ffmpeg) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "xj-hls-"));
  const made = spawnSync(
    ffmpeg,
    ["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", "8", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-profile:v", "baseline", "-g", "25", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_filename", path.join(dir, "seg%03d.ts"), path.join(dir, "index.m3u8")],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`ffmpeg could not make the test stream: ${made.stderr}`);
  // The streaming provider: another origin, so hls.js fetches across origins (CORS) as it would in production.
  server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? "/", streamOrigin).pathname);
    const file = path.join(dir, name);
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (!TYPES[path.extname(name)] || !fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": TYPES[path.extname(name)]! });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server!.listen(Number(new URL(streamOrigin).port), "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((r) => (server ? server.close(r) : r(null)));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A Beijing-time value for a datetime-local input, `minutes` from now. */
function beijingLocal(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

describe.skipIf(!ffmpeg)("roadshow live video", () => {
  test("an online roadshow with an HLS stream URL: the bank's live room plays it", async () => {
    const schedulerContext = await browser.open("zh-CN");
    const scheduler = await schedulerContext.newPage();
    await signIn(scheduler, "roadshow@xjex.demo");
    await scheduler.goto("/roadshows/events/new");
    await waitForHydration(scheduler);
    await scheduler.locator("#f-title").fill("视频直播测试路演");
    await scheduler.locator("#f-format").selectOption("online");
    const channel = await scheduler.locator("#f-venueId option", { hasText: "线上路演频道" }).getAttribute("value");
    await scheduler.locator("#f-venueId").selectOption(channel!);
    await scheduler.locator("#f-startsAt").fill(beijingLocal(20));
    await scheduler.locator("#f-endsAt").fill(beijingLocal(80));
    await scheduler.locator("#f-registrationDeadline").fill(beijingLocal(10));
    await scheduler.locator("#f-capacity").fill("100");
    await scheduler.locator("#f-audience").selectOption("members");
    await scheduler.locator("#f-streamUrl").fill(`${streamOrigin}/live/index.m3u8`);
    await scheduler.locator('select[name="slots[0].enterpriseOrgId"]').selectOption({ label: PRESENTER });
    await Promise.all([scheduler.waitForURL(/\/roadshows\/[a-z0-9]{20,}$/), scheduler.getByRole("button", { name: "创建路演" }).click()]);
    const eventId = new URL(scheduler.url()).pathname.split("/").pop()!;

    const bankContext = await browser.open("zh-CN");
    const bank = await bankContext.newPage();
    await signIn(bank, "bank1@inst.demo");
    await bank.goto(`/roadshows/${eventId}/live`);
    await waitForHydration(bank);
    await bank.getByRole("button", { name: "进入直播间" }).click();
    await eventually(() => bank.locator('[data-testid="live-room"]').getAttribute("data-online")).toBe("yes");
    const video = bank.locator('[data-testid="live-video"]');
    // Playing: hls.js attached a MediaSource (a blob: URL), the video has frames, and its clock moves on.
    await eventually(() => video.evaluate((v) => (v as HTMLVideoElement).currentSrc)).toMatch(/^blob:/);
    await eventually(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime), "the video's currentTime").toBeGreaterThan(1);
    const [first, paused] = await video.evaluate((v) => [(v as HTMLVideoElement).currentTime, (v as HTMLVideoElement).paused] as const);
    expect(paused).toBe(false);
    await eventually(() => video.evaluate((v) => (v as HTMLVideoElement).currentTime)).toBeGreaterThan(first + 0.5);
    await expect(bank.locator("main").textContent()).resolves.not.toContain("视频无法播放");
    await screenshot(bank, "roadshow-live-video-zh");
  });
});
