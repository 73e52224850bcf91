// The catalogues of one language, one namespace per area: the browser loads only its page's language.
import audit from "./en/audit.json";
import board from "./en/board.json";
import boardRules from "./en/board-rules.json";
import common from "./en/common.json";
import enterprises from "./en/enterprises.json";
import financing from "./en/financing.json";
import identity from "./en/identity.json";
import messaging from "./en/messaging.json";
import roadshows from "./en/roadshows.json";
import search from "./en/search.json";
import staff from "./en/staff.json";
import titles from "./en/titles.json";

export default { audit, board, boardRules, common, enterprises, financing, identity, messaging, roadshows, search, staff, titles } as const;
