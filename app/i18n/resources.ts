// Catalogues are bundled (they are small) so the server and the browser never disagree and no
// extra request is needed before the first paint. One namespace per area.
import enAudit from "./locales/en/audit.json";
import enBoard from "./locales/en/board.json";
import enCommon from "./locales/en/common.json";
import enIdentity from "./locales/en/identity.json";
import zhAudit from "./locales/zh-CN/audit.json";
import zhBoard from "./locales/zh-CN/board.json";
import zhCommon from "./locales/zh-CN/common.json";
import zhIdentity from "./locales/zh-CN/identity.json";

export const resources = {
  "zh-CN": { audit: zhAudit, board: zhBoard, common: zhCommon, identity: zhIdentity },
  en: { audit: enAudit, board: enBoard, common: enCommon, identity: enIdentity },
} as const;
