import net from "node:net";
import { io as connectClient, type Socket } from "socket.io-client";
import { describe, expect, test } from "vitest";
import { baseUrl, eventually, signIn, specBrowser } from "./support";

// Issue 14 item 13 in a real browser: a thread open in Chromium loses its connection for ten seconds while the other
// side keeps writing (more than one replay page), and more messages arrive live while it catches up. Before the fix
// the client paged its replay from the highest sequence seen from any source, so a live message landing during the
// first page moved the mark and the rest of the outage was skipped for good. After reconnecting, the page must hold
// every message without a hole, and its read mark must not pass one.

const browser = specBrowser();
const step = (m: string) => process.stdout.write(`[chat-outage] ${new Date().toISOString()} ${m}\n`);

/** A TCP relay to the e2e server that the test can cut (Chromium's offline emulation leaves WebSockets open). */
async function cuttableRelay(target: URL) {
  const open = new Set<net.Socket>();
  let cut = false;
  const server = net.createServer((client) => {
    if (cut) return client.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on("close", () => open.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    // Same host as the app: the session cookie (host-scoped, not port-scoped) goes along, and the origin checks
    // compare with the Host header the browser sends.
    url: `http://127.0.0.1:${port}`,
    cut() {
      cut = true;
      for (const s of open) s.destroy();
    },
    restore() {
      cut = false;
    },
    // server.close waits for open connections (the page's socket among them): end them first.
    close() {
      cut = true;
      for (const s of open) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function send(socket: Socket, conversationId: string, body: string, clientId: string): Promise<number> {
  const reply = (await socket.timeout(10_000).emitWithAck("message:send", { conversationId, clientId, body })) as { ok: boolean; message?: { seq: number } };
  if (!reply.ok || !reply.message) throw new Error(`message:send refused: ${JSON.stringify(reply)}`);
  return reply.message.seq;
}

describe("chat through a long outage", () => {
  // The page's own requests besides the socket — the header's first unread count, and the read receipt it used to post
  // when opened — went through the router, whose failed request is an error of the page: a connection dropping while
  // one was under way replaced the conversation with the error page, and it never came back.
  test("a background request the connection loses leaves the conversation on screen", async () => {
    const context = await browser.open("zh-CN");
    const ent = await context.newPage();
    await signIn(ent, "ent01@demo.xj");
    await ent.goto("/messages");
    const thread = await ent.locator('main a[href^="/messages/"]').first().getAttribute("href");
    // Every request but the page itself, its modules and the socket fails, as if the connection dropped under it.
    await ent.route(/\/notifications\/count|\.data(\?|$)/, (route) => route.abort("connectionreset"));
    await ent.goto(thread!);
    await eventually(() => ent.getByTestId("connection").getAttribute("data-state")).toBe("online");
    await eventually(() => ent.getByTestId("message").count()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await ent.getByTestId("message").count()).toBeGreaterThan(0);
    expect(await ent.locator("main textarea").count()).toBe(1);
    await context.close();
  });

  test("every message sent while the browser was cut off, and while it caught up, is shown, with no hole", async () => {
    const relay = await cuttableRelay(new URL(baseUrl()));
    try {
      // The PE firm opens a conversation with an enterprise from its public profile.
      const peContext = await browser.open("zh-CN");
      const pe = await peContext.newPage();
      await signIn(pe, "pe1@inst.demo");
      await pe.goto("/directory?q=" + encodeURIComponent("金沙锂电"));
      const profileHref = await pe.locator('main a[href^="/enterprises/"]').first().getAttribute("href");
      await pe.goto(profileHref!);
      await Promise.all([pe.waitForURL(/\/messages\/[^/]+$/), pe.getByRole("button", { name: "发消息" }).click()]);
      step("conversation opened");
      const conversationPath = new URL(pe.url()).pathname;
      const conversationId = conversationPath.split("/").pop()!;
      const cookie = (await peContext.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
      await pe.close();

      // The PE side writes from a socket of its own; the enterprise reads in Chromium through the relay.
      const writer = connectClient(baseUrl(), { transports: ["websocket"], extraHeaders: { cookie }, reconnection: false, forceNew: true });
      await new Promise<void>((resolve, reject) => {
        writer.once("connect", () => resolve());
        writer.once("connect_error", reject);
      });
      let n = 0;
      let probe: () => Promise<void> = async () => undefined;
      const write = async (count: number, perSecond: number) => {
        const seqs: number[] = [];
        for (let i = 0; i < count; i++) {
          seqs.push(await send(writer, conversationId, `断线期间的第 ${++n} 条`, `outage-${conversationId}-${n}`));
          if (perSecond && i % perSecond === perSecond - 1) await new Promise((r) => setTimeout(r, 1_000));
          if (i % 100 === 99) await probe();
        }
        return seqs;
      };
      step("writer connected");
      await write(3, 0);

      const entContext = await browser.open("zh-CN");
      const ent = await entContext.newPage();
      await signIn(ent, "ent01@demo.xj");
      ent.on("pageerror", (e) => step(`pageerror ${e.message}`));
      ent.on("console", (m) => (m.type() === "error" || m.type() === "warning" ? step(`console ${m.text()}`) : undefined));
      probe = async () => {
        const started = Date.now();
        const held = await Promise.race([
          ent.evaluate(() => document.querySelectorAll('[data-testid="message"]').length),
          new Promise((r) => setTimeout(() => r("no answer in 5 s"), 5_000)),
        ]);
        step(`written ${n}; page holds ${String(held)} (${Date.now() - started} ms)`);
      };
      await ent.goto(`${relay.url}${conversationPath}`);
      await eventually(() => ent.getByTestId("connection").getAttribute("data-state")).toBe("online");
      await eventually(() => ent.getByTestId("message-body").filter({ hasText: "断线期间的第 3 条" }).count()).toBe(1);
      step("ent online");
      const firstShown = Math.min(...(await ent.getByTestId("message").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-seq"))))));

      // Ten seconds without a connection while 700 messages are written (more than one replay page of 500)…
      relay.cut();
      await eventually(() => ent.getByTestId("connection").getAttribute("data-state")).toBe("offline");
      step("ent offline");
      await write(700, 70);
      // …then the connection comes back while the conversation goes on: live messages land during the replay.
      step("700 written");
      relay.restore();
      const last = (await write(300, 100)).pop()!;

      step("300 written");
      const seqsShown = async () =>
        (await ent.evaluate(() => Array.from(document.querySelectorAll('[data-testid="message"]'), (e) => Number(e.getAttribute("data-seq"))))).sort((a, b) => a - b);
      // The page catches up at the speed of the machine it runs on: wait while it makes progress, report where it stops.
      let shown = await seqsShown();
      for (let stalled = 0; shown.at(-1) !== last && stalled < 15; ) {
        await new Promise((r) => setTimeout(r, 2_000));
        const before = shown.length;
        shown = await seqsShown();
        step(`page holds ${shown.length} messages, newest ${shown.at(-1)} of ${last}`);
        stalled = shown.length === before ? stalled + 1 : 0;
      }
      step("caught up");
      const missing: number[] = [];
      for (let seq = firstShown; seq <= last; seq++) if (!shown.includes(seq)) missing.push(seq);
      expect(missing, `messages missing from the page after the outage (${missing.length})`).toEqual([]);
      const bodies = await ent.evaluate(() => Array.from(document.querySelectorAll('[data-testid="message-body"]'), (e) => e.textContent ?? ""));
      expect(bodies.filter((b) => /^断线期间的第 \d+ 条$/.test(b))).toHaveLength(n);
      writer.close();
    } finally {
      await relay.close();
    }
  }, 480_000);
});
