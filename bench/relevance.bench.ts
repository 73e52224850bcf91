import { relevanceReports } from "../test/support/relevance-reports";

/**
 * `npm run bench -- relevance`: the judged relevance set (app/modules/search/relevance/judgments.json) over the demo
 * world, on the embedded engine and on a real Meilisearch (the bundled binary), each searched the way the
 * search page does, as an alliance member. Prints per-query and mean nDCG@10, P@5, R@10 and the zero-result
 * rate per engine, and the queries where the engines differ by 0.3 or more.
 */

const f2 = (n: number) => n.toFixed(2);

export default async function run(): Promise<void> {
  const { embedded, meilisearch } = await relevanceReports((message) => process.stderr.write(`[relevance bench] ${message}\n`));
  const rows = embedded.queries.map((e, i) => {
    const m = meilisearch.queries[i]!;
    return { q: e.q, kind: e.kind, e, m, delta: m.ndcg - e.ndcg };
  });
  const pad = (s: string, n: number) => s + " ".repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
  console.log(`${pad("query", 24)}${pad("kind", 18)}nDCG@10 emb/meili   P@5 emb/meili   R@10 emb/meili   zero emb/meili`);
  for (const r of rows) {
    console.log(
      `${pad(r.q, 24)}${pad(r.kind, 18)}${f2(r.e.ndcg)} / ${f2(r.m.ndcg)}${Math.abs(r.delta) >= 0.3 ? " !" : "  "}     ${f2(r.e.p5)} / ${f2(r.m.p5)}     ${f2(r.e.r10)} / ${f2(r.m.r10)}      ${r.e.zero ? "0" : "-"} / ${r.m.zero ? "0" : "-"}`,
    );
  }
  console.log("");
  console.log("| engine      | queries | mean nDCG@10 | mean P@5 | mean R@10 | zero-result rate |");
  console.log("|-------------|---------|--------------|----------|-----------|------------------|");
  for (const [name, report] of [["embedded", embedded], ["Meilisearch", meilisearch]] as const) {
    console.log(`| ${pad(name, 11)} | ${report.queries.length}      | ${f2(report.mean.ndcg)}         | ${f2(report.mean.p5)}     | ${f2(report.mean.r10)}      | ${(report.mean.zeroRate * 100).toFixed(1)} %           |`);
  }
  const apart = rows.filter((r) => Math.abs(r.delta) >= 0.3);
  console.log(`\nqueries where the engines differ by >= 0.3 nDCG@10: ${apart.length ? apart.map((r) => `${r.q} (${f2(r.e.ndcg)} vs ${f2(r.m.ndcg)})`).join(", ") : "none"}`);
  const byKind = new Map<string, { e: number[]; m: number[] }>();
  for (const r of rows) {
    const k = byKind.get(r.kind) ?? { e: [], m: [] };
    k.e.push(r.e.ndcg);
    k.m.push(r.m.ndcg);
    byKind.set(r.kind, k);
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log("\nmean nDCG@10 by kind (embedded / Meilisearch):");
  for (const [kind, k] of byKind) console.log(`  ${pad(kind, 18)} ${k.e.length} queries   ${f2(avg(k.e))} / ${f2(avg(k.m))}`);
}
