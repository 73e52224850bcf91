// Runs in every test worker before its files: the process-wide settings the app makes when it starts, so a test
// sees what production does whichever files ran before it in the same worker (workers are shared, ADR 0026).
import { installCatalogueErrorMap } from "~/utils/zod-messages";

// The root route installs it in the server and the browser: zod's defaults become catalogue keys.
installCatalogueErrorMap();
