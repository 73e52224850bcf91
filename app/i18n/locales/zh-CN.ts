// The catalogues of one language, one namespace per area: the browser loads only its page's language.
import audit from "./zh-CN/audit.json";
import board from "./zh-CN/board.json";
import boardRules from "./zh-CN/board-rules.json";
import common from "./zh-CN/common.json";
import enterprises from "./zh-CN/enterprises.json";
import financing from "./zh-CN/financing.json";
import identity from "./zh-CN/identity.json";
import messaging from "./zh-CN/messaging.json";
import roadshows from "./zh-CN/roadshows.json";
import search from "./zh-CN/search.json";
import staff from "./zh-CN/staff.json";
import titles from "./zh-CN/titles.json";

export default { audit, board, boardRules, common, enterprises, financing, identity, messaging, roadshows, search, staff, titles } as const;
