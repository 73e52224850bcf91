import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, deckVersions, type Audience } from "@db/schema";
import { listDataViews } from "~/modules/enterprises/data-access.server";
import { makeActor } from "@test/support/actors";
import type { Actor } from "~/modules/identity/actor";
import { createTestContext, type TestContext } from "@test/support/context";
import { deckAnalytics, deckAnalyticsRoom, recordPageTime, startViewSession, watchViewingNow } from "./analytics.server";
import { acceptNda, createDeck, createShareLink, deckPageImage, downloadDeckPdf, getOwnDeck, listVisibleDecksOfEnterprise, openDeck, revokeShareLink, shareLinkViewer, uploadDeckVersion, viewerWatermark, type DeckViewer } from "./decks.server";
import { buildEncryptedPdf } from "@test/fixtures/encrypted-pdf";
import { openPdf } from "./pdf.server";
import { renderViewerPage } from "./render.server";
import { buildDeckWithJavaScript, buildSampleDeck } from "./sample-deck";

let ctx: TestContext;
let owner: Actor, otherEnterprise: Actor, permitted: Actor, unpermitted: Actor, regulator: Actor;
let deckPdf: Uint8Array;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "deck-test-"));

beforeAll(async () => {
  deckPdf = await buildSampleDeck({ title: "Jinsha Lithium", pages: 3 });
});
afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

beforeEach(() => {
  ctx = createTestContext();
  ctx.config = { ...ctx.config, dataDir: cacheDir };
  owner = makeActor(ctx, { orgKind: "enterprise", orgName: "金沙锂电" });
  otherEnterprise = makeActor(ctx, { orgKind: "enterprise" });
  permitted = makeActor(ctx, { orgKind: "institution", orgName: "雪莲创投", institutionType: "pe_vc", userName: "赵一鸣" });
  unpermitted = makeActor(ctx, { orgKind: "institution", orgName: "天山银行" });
  regulator = makeActor(ctx, { orgKind: "regulator" });
});

/** The first page's text and the document title as pdf.js reads them (with a password if given). */
async function readPdfText(bytes: Uint8Array, password?: string) {
  const doc = await openPdf(bytes, password);
  try {
    const content = await (await doc.getPage(1)).getTextContent();
    const text = content.items.map((i) => ("str" in i ? i.str : "")).join("");
    return { text, title: ((await doc.getMetadata()).info as { Title?: string }).Title };
  } finally {
    await doc.destroy();
  }
}

const as = (a: Actor | null): DeckViewer => (a ? { kind: "actor", actor: a } : { kind: "anonymous" });

async function deckWith(audience: Audience, extra: { ndaText?: string; allowDownload?: boolean } = {}) {
  const id = createDeck(ctx, owner, { title: "A 轮路演", audience, directedOrgIds: audience === "directed" ? [permitted.orgId] : [], allowDownload: extra.allowDownload ?? false, ndaText: extra.ndaText });
  await uploadDeckVersion(ctx, owner, id, { name: "deck.pdf", bytes: deckPdf });
  return id;
}

type ViewerKind = "anonymous" | "owner" | "otherEnterprise" | "permitted" | "unpermitted" | "regulator";
const viewerOf = (k: ViewerKind): Actor | null => ({ anonymous: null, owner, otherEnterprise, permitted, unpermitted, regulator })[k];
const expected: Record<Audience, Record<ViewerKind, boolean>> = {
  public: { anonymous: true, owner: true, otherEnterprise: true, permitted: true, unpermitted: true, regulator: true },
  members: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: true, regulator: true },
  directed: { anonymous: false, owner: true, otherEnterprise: false, permitted: true, unpermitted: false, regulator: true },
  regulators: { anonymous: false, owner: true, otherEnterprise: false, permitted: false, unpermitted: false, regulator: true },
};

describe("deck visibility matrix (page, list, page image, download)", () => {
  for (const audience of ["public", "members", "directed", "regulators"] as const) {
    for (const kind of Object.keys(expected.public) as ViewerKind[]) {
      it(`${audience} × ${kind}`, async () => {
        const id = await deckWith(audience, { allowDownload: true });
        const v = as(viewerOf(kind));
        const may = expected[audience][kind];
        expect(listVisibleDecksOfEnterprise(ctx, viewerOf(kind), owner.orgId).some((d) => d.id === id)).toBe(may);
        if (may) {
          expect(openDeck(ctx, v, id).version?.pageCount).toBe(3);
          expect(downloadDeckPdf(ctx, v, id).bytes.byteLength).toBe(deckPdf.byteLength);
        } else {
          expect(() => openDeck(ctx, v, id)).toThrow(/notFound/);
          expect(() => downloadDeckPdf(ctx, v, id)).toThrow(/notFound/);
          await expect(deckPageImage(ctx, v, id, 1, "zh-CN")).rejects.toThrow(/notFound/);
        }
      });
    }
  }
});

describe("viewer", () => {
  it("burns a per-viewer watermark, caches it, and keeps the PDF off by default", async () => {
    const id = await deckWith("members");
    const first = await deckPageImage(ctx, as(permitted), id, 1, "zh-CN");
    expect(first.cached).toBe("none");
    const meta = await sharp(first.webp).metadata();
    expect(meta.format).toBe("webp");
    expect(meta.width).toBe(1440);
    // The slide itself is under the watermark: its dark-blue title bar fills the top of the image.
    const region = async (left: number, top: number, width: number, height: number) => sharp(await sharp(first.webp).extract({ left, top, width, height }).toBuffer()).stats();
    const header = await region(0, 0, 1440, 80);
    expect(header.channels[2]!.mean - header.channels[0]!.mean).toBeGreaterThan(60);
    // And the footer carries the watermark in ink, not a blank band.
    const footer = await region(0, 780, 600, 30);
    expect(footer.channels[0]!.min).toBeLessThan(200);
    const again = await deckPageImage(ctx, as(permitted), id, 1, "zh-CN");
    expect(again.cached).toBe("full");
    const other = await deckPageImage(ctx, as(unpermitted), id, 1, "zh-CN");
    expect(other.cached).toBe("base");
    expect(Buffer.compare(other.webp, first.webp)).not.toBe(0);
    expect(() => downloadDeckPdf(ctx, as(permitted), id)).toThrow(/downloadOff/);
    expect(downloadDeckPdf(ctx, as(owner), id).fileName).toBe("deck.pdf");
    await expect(deckPageImage(ctx, as(permitted), id, 4, "zh-CN")).rejects.toThrow(/noPage/);
  });

  it("writes the watermark's fixed words in the viewer's language; names stay as stored", async () => {
    const at = Date.parse("2026-03-02T10:05:00+08:00");
    const link: DeckViewer = { kind: "link", linkId: "l1", label: "Silk Road Capital" };
    expect(await viewerWatermark(as(permitted), at, "zh-CN")).toEqual(["赵一鸣", "雪莲创投", "2026/03/02 10:05（北京时间）"]);
    expect(await viewerWatermark(as(permitted), at, "en")).toEqual(["赵一鸣", "雪莲创投", "2026/03/02 10:05 Beijing time"]);
    expect(await viewerWatermark(link, at, "zh-CN")).toEqual(["分享链接 Silk Road Capital", "2026/03/02 10:05（北京时间）"]);
    expect(await viewerWatermark(link, at, "en")).toEqual(["Share link Silk Road Capital", "2026/03/02 10:05 Beijing time"]);
    expect((await viewerWatermark(as(null), at, "en"))[0]).toBe("Public view");
    expect((await viewerWatermark(as(null), at, "zh-CN"))[0]).toBe("公开查看");
  });

  it("keeps each language's copy of a page apart in the render cache", async () => {
    const id = await deckWith("members");
    const zh = await deckPageImage(ctx, as(permitted), id, 1, "zh-CN");
    const en = await deckPageImage(ctx, as(permitted), id, 1, "en");
    // The same viewer in the same hour, but the English copy is drawn afresh, not the cached Chinese one.
    expect(en.cached).toBe("base");
    expect(Buffer.compare(en.webp, zh.webp)).not.toBe(0);
    expect((await deckPageImage(ctx, as(permitted), id, 1, "zh-CN"))).toEqual({ webp: zh.webp, cached: "full" });
    expect((await deckPageImage(ctx, as(permitted), id, 1, "en"))).toEqual({ webp: en.webp, cached: "full" });
  });

  it("does not serve a copy cached for one language to another even when the lines read the same", async () => {
    const input = { versionId: "v-lines", page: 1, viewerKey: "user:x", watermark: ["Ann", "Org", "2026/03/02 10:00"], bucket: "1", loadPdf: async () => deckPdf };
    const cache = { dir: cacheDir };
    expect((await renderViewerPage(cache, { ...input, locale: "zh-CN" })).cached).toBe("none");
    expect((await renderViewerPage(cache, { ...input, locale: "en" })).cached).toBe("base");
    expect((await renderViewerPage(cache, { ...input, locale: "en" })).cached).toBe("full");
  });

  it("requires the NDA click-through before any page", async () => {
    const id = await deckWith("members", { ndaText: "保密承诺" });
    expect(openDeck(ctx, as(permitted), id).ndaPending).toBe(true);
    await expect(deckPageImage(ctx, as(permitted), id, 1, "zh-CN")).rejects.toThrow(/ndaRequired/);
    acceptNda(ctx, as(permitted), id);
    expect((await deckPageImage(ctx, as(permitted), id, 1, "zh-CN")).webp.byteLength).toBeGreaterThan(1000);
  });

  it("share links open the deck until they expire or are revoked", async () => {
    const id = await deckWith("directed");
    const link = createShareLink(ctx, owner, id, { label: "外部投资人", expiresAt: ctx.clock.now() + 86_400_000 });
    expect(() => createShareLink(ctx, permitted, id, { label: "x", expiresAt: ctx.clock.now() + 1000 })).toThrow(/notFound/);
    const viewer = shareLinkViewer(ctx, id, link.token)!;
    expect(openDeck(ctx, viewer, id).access).toBe("link");
    expect(shareLinkViewer(ctx, id, "wrong-token")).toBeNull();
    ctx.clock.advance(2 * 86_400_000);
    expect(shareLinkViewer(ctx, id, link.token)).toBeNull();
    const l2 = createShareLink(ctx, owner, id, { label: "二", expiresAt: ctx.clock.now() + 86_400_000 });
    revokeShareLink(ctx, owner, l2.id);
    expect(shareLinkViewer(ctx, id, l2.token)).toBeNull();
    // The management page's "expired" badge follows the domain clock too.
    expect(getOwnDeck(ctx, owner, id).links.map((l) => [l.label, l.expired])).toEqual([["外部投资人", true], ["二", false]]);
  });
});

describe("analytics", () => {
  it("shows consenting viewers individually and everyone else only in aggregates; views are audited", async () => {
    const id = await deckWith("members");
    const s1 = startViewSession(ctx, as(permitted), id, true);
    recordPageTime(ctx, as(permitted), s1, 1, 12_000);
    recordPageTime(ctx, as(permitted), s1, 2, 8_000);
    recordPageTime(ctx, as(permitted), s1, 3, 999_999); // capped
    const s2 = startViewSession(ctx, as(permitted), id, true);
    recordPageTime(ctx, as(permitted), s2, 1, 3_000);
    const s3 = startViewSession(ctx, as(unpermitted), id, false);
    recordPageTime(ctx, as(unpermitted), s3, 1, 5_000);
    expect(() => recordPageTime(ctx, as(unpermitted), s1, 1, 1000)).toThrow(/notFound/);
    expect(() => deckAnalytics(ctx, otherEnterprise, id)).toThrow(/notFound/);

    const a = deckAnalytics(ctx, owner, id);
    expect(a.aggregate).toMatchObject({ sessions: 3, viewers: 2, returningViewers: 1, completedViewers: 1 });
    expect(a.aggregate.perPage[0]).toEqual({ page: 1, totalMs: 20_000, viewers: 2 });
    expect(a.aggregate.perPage[2]).toEqual({ page: 3, totalMs: 60_000, viewers: 1 });
    expect(a.consentingViewers).toHaveLength(1);
    expect(a.consentingViewers[0]).toMatchObject({ name: "赵一鸣 · 雪莲创投", sessions: 2, returning: true, completion: 1 });
    expect(JSON.stringify(a.consentingViewers)).not.toContain("天山银行");
    expect(a.anonymousViewers).toBe(1);
    expect(listDataViews(ctx, owner).filter((v) => v.action === "roadshow.deck.viewed")).toHaveLength(3);
    expect(ctx.db.select().from(auditLog).all().length).toBeGreaterThanOrEqual(3);
  });

  it("splits the figures by deck version: a new version starts from zero and the old keeps its own", async () => {
    const id = await deckWith("members");
    const s1 = startViewSession(ctx, as(permitted), id, true);
    recordPageTime(ctx, as(permitted), s1, 1, 10_000);
    await uploadDeckVersion(ctx, owner, id, { name: "deck-v2.pdf", bytes: deckPdf });
    const s2 = startViewSession(ctx, as(unpermitted), id, false);
    recordPageTime(ctx, as(unpermitted), s2, 2, 4_000);
    recordPageTime(ctx, as(unpermitted), s2, 3, 4_000);
    const a = deckAnalytics(ctx, owner, id);
    expect(a.byVersion.map((v) => [v.version, v.sessions, v.viewers, v.totalMs])).toEqual([
      [2, 1, 1, 8_000],
      [1, 1, 1, 10_000],
    ]);
    expect(a.byVersion[0]!.averageCompletion).toBeCloseTo(2 / 3);
  });

  it("viewing now: viewers whose heartbeat came within the last minute, named only if they consented", async () => {
    const id = await deckWith("members");
    const named = startViewSession(ctx, as(permitted), id, true);
    const quiet = startViewSession(ctx, as(unpermitted), id, false);
    ctx.clock.advance(50_000);
    recordPageTime(ctx, as(permitted), named, 1, 5_000);
    recordPageTime(ctx, as(unpermitted), quiet, 1, 5_000);
    let now = deckAnalytics(ctx, owner, id).viewingNow;
    expect(now.count).toBe(2);
    expect(now.named).toEqual([{ name: "赵一鸣 · 雪莲创投", version: 1 }]);
    expect(JSON.stringify(now)).not.toContain("天山银行");
    // The fund closes its viewer; a minute later only the bank's open viewer still beats.
    ctx.clock.advance(40_000);
    recordPageTime(ctx, as(unpermitted), quiet, 1, 5_000);
    ctx.clock.advance(30_000);
    now = deckAnalytics(ctx, owner, id).viewingNow;
    // The bank beat 30 s ago: it drops out in 30 s unless it beats again.
    expect(now).toEqual({ count: 1, named: [], changesInMs: 30_000 });
  });

  it("viewing now is pushed to the deck's analytics room when a viewer opens the deck or comes back, not on every beat", async () => {
    const id = await deckWith("members");
    const pushes = () => ctx.realtime.events.filter((e) => e.target === deckAnalyticsRoom(id) && e.event === "deck:viewing-now").map((e) => e.payload);
    const s = startViewSession(ctx, as(permitted), id, true);
    expect(pushes()).toEqual([{ deckId: id, count: 1, named: [{ name: "赵一鸣 · 雪莲创投", version: 1 }], changesInMs: 60_000 }]);
    ctx.clock.advance(5_000);
    recordPageTime(ctx, as(permitted), s, 1, 5_000);
    expect(pushes()).toHaveLength(1);
    // The tab was hidden for two minutes: the next beat brings the viewer back.
    ctx.clock.advance(120_000);
    recordPageTime(ctx, as(permitted), s, 1, 5_000);
    expect(pushes()).toHaveLength(2);
    expect(pushes()[1]).toMatchObject({ count: 1 });
  });

  it("only the deck's own enterprise may follow viewing now; anyone else is told it does not exist", async () => {
    const id = await deckWith("members");
    startViewSession(ctx, as(permitted), id, false);
    expect(watchViewingNow(ctx, owner, id)).toMatchObject({ count: 1, named: [] });
    for (const stranger of [otherEnterprise, permitted, regulator]) expect(() => watchViewingNow(ctx, stranger, id)).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => watchViewingNow(ctx, owner, "no-such-deck")).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe("upload checks (bad input stores nothing)", () => {
  const versions = () => ctx.db.select().from(deckVersions).all().length;
  const deck = () => createDeck(ctx, owner, { title: "Bad", audience: "members", directedOrgIds: [], allowDownload: false });

  it("refuses a renamed executable", async () => {
    const exe = Buffer.concat([Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "binary"), Buffer.alloc(4096, 1)]);
    await expect(uploadDeckVersion(ctx, owner, deck(), { name: "deck.pdf", bytes: exe })).rejects.toThrow(/notPdf/);
    expect(versions()).toBe(0);
  });
  it("refuses really encrypted PDFs, with and without a password to open them", async () => {
    const text = "Confidential Series A deck";
    const locked = buildEncryptedPdf({ text, title: "Locked deck", userPassword: "open-sesame", ownerPassword: "owner-secret" });
    const ownerOnly = buildEncryptedPdf({ text, title: "Owner-only deck", userPassword: "", ownerPassword: "owner-secret" });
    // They are genuinely encrypted: the plaintext is nowhere in the bytes, yet pdf.js decrypts it with the right key.
    for (const bytes of [locked, ownerOnly]) expect(Buffer.from(bytes).toString("latin1")).not.toContain(text);
    await expect(readPdfText(locked)).rejects.toMatchObject({ name: "PasswordException" });
    expect(await readPdfText(locked, "open-sesame")).toEqual({ text, title: "Locked deck" });
    expect(await readPdfText(ownerOnly)).toEqual({ text, title: "Owner-only deck" });

    for (const bytes of [locked, ownerOnly]) {
      await expect(uploadDeckVersion(ctx, owner, deck(), { name: "enc.pdf", bytes })).rejects.toThrow(/encrypted/);
    }
    expect(versions()).toBe(0);
  });
  it("refuses more than 200 pages", async () => {
    const many = await buildSampleDeck({ title: "Many", pages: 201 });
    await expect(uploadDeckVersion(ctx, owner, deck(), { name: "many.pdf", bytes: many })).rejects.toThrow(/tooManyPages/);
    expect(versions()).toBe(0);
  }, 30_000);
  it("refuses more than 30 MB before parsing", async () => {
    const big = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(31 * 1024 * 1024, 0x20)]);
    await expect(uploadDeckVersion(ctx, owner, deck(), { name: "big.pdf", bytes: big })).rejects.toThrow(/tooLarge/);
    expect(versions()).toBe(0);
  });
  it("refuses JavaScript, in plain objects and inside compressed object streams", async () => {
    for (const useObjectStreams of [false, true]) {
      const js = await buildDeckWithJavaScript({ useObjectStreams });
      await expect(uploadDeckVersion(ctx, owner, deck(), { name: "js.pdf", bytes: js })).rejects.toThrow(/activeContent/);
    }
    expect(versions()).toBe(0);
  });
  it("versions clean uploads", async () => {
    const id = deck();
    expect((await uploadDeckVersion(ctx, owner, id, { name: "v1.pdf", bytes: deckPdf })).version).toBe(1);
    expect((await uploadDeckVersion(ctx, owner, id, { name: "<script>.pdf", bytes: deckPdf })).version).toBe(2);
    expect(openDeck(ctx, as(owner), id).version?.version).toBe(2);
    expect(ctx.db.select().from(deckVersions).all().map((v) => v.fileName)).toContain("_script_.pdf");
  });
});
