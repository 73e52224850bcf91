// Catalogues are bundled (they are small) so the server and the browser never disagree and no
// extra request is needed before the first paint. One namespace per area.
import enAudit from "./locales/en/audit.json";
import enBoard from "./locales/en/board.json";
import enCommon from "./locales/en/common.json";
import enEnterprises from "./locales/en/enterprises.json";
import enFinancing from "./locales/en/financing.json";
import enIdentity from "./locales/en/identity.json";
import enMarketplace from "./locales/en/marketplace.json";
import enMessaging from "./locales/en/messaging.json";
import enRoadshows from "./locales/en/roadshows.json";
import enSearch from "./locales/en/search.json";
import enTitles from "./locales/en/titles.json";
import zhAudit from "./locales/zh-CN/audit.json";
import zhBoard from "./locales/zh-CN/board.json";
import zhCommon from "./locales/zh-CN/common.json";
import zhEnterprises from "./locales/zh-CN/enterprises.json";
import zhFinancing from "./locales/zh-CN/financing.json";
import zhIdentity from "./locales/zh-CN/identity.json";
import zhMarketplace from "./locales/zh-CN/marketplace.json";
import zhMessaging from "./locales/zh-CN/messaging.json";
import zhRoadshows from "./locales/zh-CN/roadshows.json";
import zhSearch from "./locales/zh-CN/search.json";
import zhTitles from "./locales/zh-CN/titles.json";

export const resources = {
  "zh-CN": { audit: zhAudit, board: zhBoard, common: zhCommon, enterprises: zhEnterprises, financing: zhFinancing, identity: zhIdentity, marketplace: zhMarketplace, messaging: zhMessaging, roadshows: zhRoadshows, search: zhSearch, titles: zhTitles },
  en: { audit: enAudit, board: enBoard, common: enCommon, enterprises: enEnterprises, financing: enFinancing, identity: enIdentity, marketplace: enMarketplace, messaging: enMessaging, roadshows: enRoadshows, search: enSearch, titles: enTitles },
} as const;
