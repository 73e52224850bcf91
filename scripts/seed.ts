import { demoLoginsText, ensureDemoWorld } from "@seed/index";
import { scriptContext } from "./script-context";

const ctx = scriptContext();
const seeded = await ensureDemoWorld(ctx);
process.stdout.write(seeded ? `Seeded the demo world.\n${demoLoginsText(ctx)}` : "The database already has a world; nothing seeded (use npm run db:reset).\n");
ctx.db.$client.close();
