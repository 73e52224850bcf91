import { describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "./client";

/**
 * The queries every signed-in page view runs (session and actor, unread badge), and the ones the dashboards and
 * lists run per row or per viewer at the demo world ×10 (bench/page.bench.ts), must find their rows through an
 * index: a SCAN of one of these tables grows with the whole board, not with what the viewer sees (ADR 0901).
 */
const HOT: Array<[what: string, sql: string, index: RegExp]> = [
  ["session → user", "select * from sessions s join users u on u.id = s.user_id where s.id = ? and u.disabled_at is null", /SEARCH s USING INDEX sqlite_autoindex_sessions_1/],
  ["user → memberships and organisation", "select * from memberships m join organisations o on o.id = m.org_id where m.user_id = ? order by m.created_at", /SEARCH m USING INDEX memberships_user_org_role_unique/],
  ["unread notifications badge", "select count(*) from notifications where user_id = ? and read_at is null", /SEARCH notifications USING COVERING INDEX notifications_user_unread_idx/],
  ["an institution's offers (recommendations leave them out)", "select need_id from market_offers where institution_org_id = ?", /SEARCH market_offers USING INDEX market_offers_institution_idx/],
  ["a need's offers (compare page)", "select * from market_offers where need_id = ?", /SEARCH market_offers USING INDEX market_offers_need_idx/],
  ["joined guarantees of offers by a JSON list of ids (compare page)", "select * from market_offer_guarantees g join organisations o on o.id = g.guarantor_org_id where g.offer_id in (select value from json_each(?)) and g.state = 'joined'", /SEARCH g USING INDEX market_offer_guarantees_unique \(offer_id=\?\)/],
  [
    "an organisation's conversations (messages page)",
    "select * from conversations where enterprise_org_id = ? or member_org_id = ? order by last_message_at desc",
    /SEARCH conversations USING INDEX conversations_enterprise_idx[\s\S]*SEARCH conversations USING INDEX conversations_member_idx/,
  ],
  ["read receipt per conversation and user", "select * from message_read_receipts where conversation_id = ? and user_id = ?", /SEARCH message_read_receipts USING (INDEX|PRIMARY KEY)/],
  ["a conversation's messages after a sequence", "select * from messages where conversation_id = ? and seq > ? order by seq", /SEARCH messages USING INDEX messages_conversation_seq_unique/],
  ["published needs of an enterprise", "select * from financing_needs where enterprise_org_id = ? and state = 'published'", /SEARCH financing_needs USING INDEX financing_needs_enterprise_idx/],
  [
    "unread messages past the user's read mark (dashboard inbox)",
    "select count(*), count(distinct mine.conversation_id) from (select conversation_id from conversation_participants where org_id = ? union select conversation_id from conversation_participants where user_id = ?) mine left join message_read_receipts r on r.conversation_id = mine.conversation_id and r.user_id = ? join messages m on m.conversation_id = mine.conversation_id and m.seq > coalesce(r.last_read_seq, 0) where m.sender_user_id <> ?",
    /SEARCH conversation_participants USING COVERING INDEX conversation_participants_org_idx[\s\S]*SEARCH conversation_participants USING COVERING INDEX conversation_participants_user_idx[\s\S]*SEARCH m USING INDEX messages_conversation_seq_unique \(conversation_id=\? AND seq>\?\)/,
  ],
  [
    "enterprise facts by a JSON list of ids, one query (recommendations)",
    "select o.id, (select tier from board_memberships where enterprise_org_id = o.id and status = 'listed'), (select revenue from enterprise_financial_statements where org_id = o.id order by fiscal_year desc limit 1), p.founded_year, (select srdi_status from board_applications where enterprise_org_id = o.id order by created_at desc limit 1) from organisations o left join enterprise_profiles p on p.org_id = o.id where o.id in (select value from json_each(?)) and +o.kind = 'enterprise'",
    /SEARCH o USING INDEX sqlite_autoindex_organisations_1 \(id=\?\)[\s\S]*SEARCH board_memberships USING INDEX board_memberships_listed_unique[\s\S]*SEARCH enterprise_financial_statements USING (COVERING )?INDEX \S+ \(org_id=\?\)[\s\S]*SEARCH board_applications USING INDEX board_applications_enterprise_idx/,
  ],
  ["published needs (lists, recommendations)", "select * from financing_needs where state = 'published' and audience = 'public' order by published_at desc", /SEARCH financing_needs USING INDEX financing_needs_state_idx/],
];

describe("query plans of the hot queries", () => {
  const db = openDatabase(":memory:");
  migrateDatabase(db);
  const plan = (sql: string) =>
    (db.$client.prepare(`explain query plan ${sql}`).all(...sql.split("?").slice(1).map(() => "x")) as { detail: string }[]).map((r) => r.detail).join("\n");

  it.each(HOT)("%s uses an index", (_what, sql, index) => {
    const detail = plan(sql);
    expect(detail).toMatch(index);
    expect(detail).not.toMatch(/^SCAN (sessions|users|memberships|notifications|market_offers|conversations|messages|message_read_receipts|financing_needs|board_memberships|organisations|enterprise_financial_statements|board_applications)\b/m);
  });
});
