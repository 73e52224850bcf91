import { verifyAuditChain } from "../app/modules/audit/audit.server";
import { scriptContext } from "./script-context";

// Exit code 1 when the chain is broken, so this can run from cron or CI.
const ctx = scriptContext();
const report = verifyAuditChain(ctx);
if (report.ok) {
  process.stdout.write(`Audit chain intact: ${report.checked} entries, head ${report.headHash}\n`);
} else {
  process.stdout.write(`Audit chain BROKEN: ${report.problems.length} problem(s) in ${report.checked} entries\n`);
  for (const p of report.problems) process.stdout.write(`  seq ${p.seq} (${p.id}): ${p.problem}\n`);
}
ctx.db.$client.close();
process.exit(report.ok ? 0 : 1);
