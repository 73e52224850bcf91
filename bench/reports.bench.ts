// The regulators' quarterly report pack over a world ten times the demo: 400 listed enterprises with five years of
// financials, 2,000 financing outcomes over five years to 2026-Q1, 4,000 service requests (resolved, rated), 1,200 visits and
// cultivation stages. Target: the quarterly pack (metrics + XLSX + PDF, stored) in ≤ 10 s on the 2-core machine.
// Same-run baselines: computing the metrics alone, and pdf-lib embedding the CJK font subset with one line of text.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument } from "pdf-lib";
import pino from "pino";
import { createRequire } from "node:module";
import { embeddedSearchRuntime } from "@search/index";
import { migrateDatabase, openDatabase } from "../db/client";
import { boardMemberships, cultivationStages, financialStatements, financingOutcomes, organisations, serviceRequests, serviceVisits, type Instrument } from "../db/schema";
import { makeActor } from "../app/modules/board/testing";
import { loadSystemActor } from "../app/modules/identity/system-actor.server";
import { reportMetrics } from "../app/modules/staff/report-metrics.server";
import { periodBounds, storeReportPack } from "../app/modules/staff/reports.server";
import { loadConfig } from "../app/utils/config.server";
import type { AppContext } from "../app/utils/context.server";
import { newId } from "../app/utils/ids";

const ENTERPRISES = 400;
const TARGET_MS = 10_000;
const PREFS = ["6501", "6502", "6504", "6505", "6523", "6527", "6528", "6529", "6530", "6531", "6532", "6540", "6542", "6543"];
const TIERS = ["incubation", "standardisation", "cultivation"] as const;
const INSTRUMENTS: Instrument[] = ["equity", "convertible", "loan", "guarantee", "leasing"];
const day = (y: number, doy: number) => new Date(Date.UTC(y, 0, 1 + doy)).toISOString().slice(0, 10);

export default async function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "reports-bench-"));
  try {
    const db = openDatabase(path.join(dir, "bench.db"));
    migrateDatabase(db);
    const ctx: AppContext = {
      db,
      config: loadConfig({ NODE_ENV: "test", DATABASE_PATH: path.join(dir, "bench.db"), DATA_DIR: dir, SESSION_SECRET: "bench-secret-bench-secret-bench-secret-0" }),
      clock: { now: () => Date.parse("2026-04-10T02:00:00Z") },
      logger: pino({ level: "silent" }),
      realtime: { toUser() {}, toRoom() {}, toRooms() {}, disconnect() {} },
      search: embeddedSearchRuntime(db, pino({ level: "silent" })),
    };
    const admin = makeActor(ctx, { orgKind: "exchange", roles: ["exchange_admin"] });
    const specialists = Array.from({ length: 8 }, () => makeActor(ctx, { orgKind: "exchange", roles: ["service_specialist"], orgId: admin.orgId }));
    const bank = makeActor(ctx, { orgKind: "institution" });
    const system = loadSystemActor(ctx)!;

    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < ENTERPRISES; i++) {
        const orgId = newId();
        db.insert(organisations).values({ id: orgId, kind: "enterprise", name: `企业${i}`, prefectureCode: PREFS[i % PREFS.length], industrySection: i % 11 === 0 ? null : "CIMC"[i % 4] }).run();
        const sp = specialists[i % specialists.length]!.userId;
        db.insert(boardMemberships).values({ id: newId(), enterpriseOrgId: orgId, tier: TIERS[i % 3]!, entryDate: day(2021 + (i % 5), i % 300), servicePersonUserId: sp }).run();
        for (let y = 2021; y <= 2025; y++) {
          const rev = 50_000_000 + i * 100_000 + (y - 2021) * 5_000_000;
          db.insert(financialStatements).values({ orgId, fiscalYear: y, revenue: rev, netProfit: rev / 10, netAssets: rev / 2, totalAssets: rev, liabilities: rev / 2, rdExpense: rev / 20, operatingCashFlow: rev / 8 }).run();
        }
        for (let k = 0; k < 5; k++) {
          const on = day(2022 + k, (i * 7 + k * 31) % (k === 4 ? 99 : 360));
          const instrument = INSTRUMENTS[(i + k) % 5]!;
          db.insert(financingOutcomes).values({ id: newId(), subjectType: "offer", subjectId: newId(), enterpriseOrgId: orgId, institutionOrgId: bank.orgId, instrument, amountObtained: 1_000_000 + ((i * 37 + k) % 50) * 200_000, allInCostBp: instrument === "equity" ? null : 350 + ((i + k) % 20) * 10, channel: k % 2 ? "board_offer" : "credit_product", obtainedOn: on, prefectureCode: PREFS[i % PREFS.length], tier: TIERS[i % 3], recordedAt: 0 }).run();
        }
        for (let k = 0; k < 10; k++) {
          const opened = day(2022 + (k % 5), (i * 3 + k * 17) % (k % 5 === 4 ? 85 : 350));
          const resolvedOn = day(2022 + (k % 5), ((i * 3 + k * 17) % (k % 5 === 4 ? 85 : 350)) + (k % 9));
          db.insert(serviceRequests).values({ id: newId(), enterpriseOrgId: orgId, raisedByUserId: sp, raisedByOrgId: admin.orgId, kind: "financing", title: "t", body: "b", state: k % 7 === 0 ? "open" : "resolved", assigneeUserId: sp, openedOn: opened, dueOn: day(2022 + (k % 5), ((i * 3 + k * 17) % (k % 5 === 4 ? 85 : 350)) + 7), slaWorkingDays: 5, resolvedOn: k % 7 === 0 ? null : resolvedOn, resolvedAt: k % 7 === 0 ? null : 1, rating: k % 7 === 0 ? null : 1 + ((i + k) % 5) }).run();
        }
        for (let k = 0; k < 3; k++) db.insert(serviceVisits).values({ id: newId(), enterpriseOrgId: orgId, kind: "visit", visitedOn: day(2024 + (k % 3), (i + k * 90) % 360), participants: ["a"], findings: "f", recordedBy: sp, createdAt: 0 }).run();
        if (i % 4 === 0) db.insert(cultivationStages).values({ id: newId(), enterpriseOrgId: orgId, stage: "shareholding_reform", reachedOn: day(2024, i % 300), recordedBy: sp, recordedAt: 0 }).run();
      }
    });
    const worldMs = performance.now() - t0;

    const bounds = periodBounds("quarter", "2026-Q1");
    let t = performance.now();
    const metrics = reportMetrics(ctx, "2026-Q1", bounds);
    const metricsMs = performance.now() - t;

    const require = createRequire(import.meta.url);
    t = performance.now();
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(fs.readFileSync(require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")), { subset: true });
    doc.addPage().drawText("新疆专精特新专板", { font, size: 12, x: 50, y: 700 });
    await doc.save();
    const fontBaselineMs = performance.now() - t;

    const load = os.loadavg()[0]!.toFixed(2);
    t = performance.now();
    const cpu = process.cpuUsage();
    const pack = await storeReportPack(ctx, system, "quarter", "2026-Q1", "on_demand");
    const packMs = performance.now() - t;
    const d = process.cpuUsage(cpu);
    const packCpuMs = (d.user + d.system) / 1000;

    const ok = packMs <= TARGET_MS;
    console.log(`world: ${ENTERPRISES} enterprises, ${ENTERPRISES * 5} financial years, ${ENTERPRISES * 5} outcomes, ${ENTERPRISES * 10} requests, ${ENTERPRISES * 3} visits — built in ${worldMs.toFixed(0)} ms`);
    console.log(`metrics only (baseline): ${metricsMs.toFixed(0)} ms · CJK font subset + one line (baseline): ${fontBaselineMs.toFixed(0)} ms`);
    console.log(`quarterly pack 2026-Q1 (metrics + XLSX + PDF + store): ${packMs.toFixed(0)} ms wall, ${packCpuMs.toFixed(0)} ms CPU (load avg ${load}) — target ≤ ${TARGET_MS} ms: ${ok ? "met" : "MISSED"}`);
    console.log(`pack: ${metrics.database.enterprisesListed} enterprises, ${metrics.financing.count} outcomes in the quarter, metrics hash ${pack.metricsHash.slice(0, 16)}…`);
    return { packMs, packCpuMs, metricsMs, fontBaselineMs, ok };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
