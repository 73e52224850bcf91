// Catalogues are bundled (they are small) so the server and the browser never disagree and no
// extra request is needed before the first paint. One namespace per area.
import enAudit from "./locales/en/audit.json";
import enBoard from "./locales/en/board.json";
import enBoardRules from "./locales/en/board-rules.json";
import enCommon from "./locales/en/common.json";
import enEnterprises from "./locales/en/enterprises.json";
import enFinancing from "./locales/en/financing.json";
import enIdentity from "./locales/en/identity.json";
import enMessaging from "./locales/en/messaging.json";
import enRoadshows from "./locales/en/roadshows.json";
import enSearch from "./locales/en/search.json";
import enStaff from "./locales/en/staff.json";
import enTitles from "./locales/en/titles.json";
import zhAudit from "./locales/zh-CN/audit.json";
import zhBoard from "./locales/zh-CN/board.json";
import zhBoardRules from "./locales/zh-CN/board-rules.json";
import zhCommon from "./locales/zh-CN/common.json";
import zhEnterprises from "./locales/zh-CN/enterprises.json";
import zhFinancing from "./locales/zh-CN/financing.json";
import zhIdentity from "./locales/zh-CN/identity.json";
import zhMessaging from "./locales/zh-CN/messaging.json";
import zhRoadshows from "./locales/zh-CN/roadshows.json";
import zhSearch from "./locales/zh-CN/search.json";
import zhStaff from "./locales/zh-CN/staff.json";
import zhTitles from "./locales/zh-CN/titles.json";

export const resources = {
  "zh-CN": { audit: zhAudit, board: zhBoard, boardRules: zhBoardRules, common: zhCommon, enterprises: zhEnterprises, financing: zhFinancing, identity: zhIdentity, messaging: zhMessaging, roadshows: zhRoadshows, search: zhSearch, staff: zhStaff, titles: zhTitles },
  en: { audit: enAudit, board: enBoard, boardRules: enBoardRules, common: enCommon, enterprises: enEnterprises, financing: enFinancing, identity: enIdentity, messaging: enMessaging, roadshows: enRoadshows, search: enSearch, staff: enStaff, titles: enTitles },
} as const;
