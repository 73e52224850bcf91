CREATE TABLE `board_fact_updates` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`version` integer NOT NULL,
	`facts` text NOT NULL,
	`evidence` text NOT NULL,
	`state` text DEFAULT 'submitted' NOT NULL,
	`submitted_by` text NOT NULL,
	`submitted_at` integer NOT NULL,
	`reviewed_by` text,
	`reviewed_at` integer,
	`review_comment` text,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "fact_update_evidence" CHECK(length(trim("board_fact_updates"."evidence")) > 0),
	CONSTRAINT "fact_update_rejection" CHECK("board_fact_updates"."state" <> 'rejected' or length(trim(coalesce("board_fact_updates"."review_comment", ''))) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `board_fact_updates_version_unique` ON `board_fact_updates` (`enterprise_org_id`,`version`);--> statement-breakpoint
CREATE TABLE `board_violations` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`kind` text NOT NULL,
	`source` text NOT NULL,
	`occurred_on` text NOT NULL,
	`description` text NOT NULL,
	`evidence` text NOT NULL,
	`state` text DEFAULT 'recorded' NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`decided_by` text,
	`decided_at` integer,
	`dismissal_reason` text,
	`resolved_at` integer,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "violation_text" CHECK(length(trim("board_violations"."source")) > 0 and length(trim("board_violations"."evidence")) > 0),
	CONSTRAINT "violation_dismissal" CHECK("board_violations"."state" <> 'dismissed' or length(trim(coalesce("board_violations"."dismissal_reason", ''))) > 0)
);
--> statement-breakpoint
CREATE INDEX `board_violations_enterprise_idx` ON `board_violations` (`enterprise_org_id`,`state`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_board_tier_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`enterprise_org_id` text NOT NULL,
	`application_id` text,
	`retiering_run_id` text,
	`action` text DEFAULT 'admit' NOT NULL,
	`proposed_tier` text NOT NULL,
	`rule_matched` text NOT NULL,
	`evidence` text NOT NULL,
	`evidence_text` text NOT NULL,
	`threshold_version_id` text NOT NULL,
	`settings_snapshot` text NOT NULL,
	`final_tier` text,
	`override_reason` text,
	`removal_reason` text,
	`violation_id` text,
	`decided_by` text NOT NULL,
	`decided_at` integer NOT NULL,
	`superseded_at` integer,
	FOREIGN KEY (`enterprise_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`application_id`) REFERENCES `board_applications`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`threshold_version_id`) REFERENCES `board_threshold_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`violation_id`) REFERENCES `board_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_decision_source" CHECK("__new_board_tier_decisions"."application_id" is not null or "__new_board_tier_decisions"."retiering_run_id" is not null or "__new_board_tier_decisions"."violation_id" is not null),
	CONSTRAINT "tier_decision_override_reason" CHECK("__new_board_tier_decisions"."final_tier" is null or "__new_board_tier_decisions"."final_tier" = "__new_board_tier_decisions"."proposed_tier" or length(trim(coalesce("__new_board_tier_decisions"."override_reason", ''))) > 0),
	CONSTRAINT "tier_decision_removal" CHECK(("__new_board_tier_decisions"."action" = 'remove') = ("__new_board_tier_decisions"."removal_reason" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_board_tier_decisions`("id", "enterprise_org_id", "application_id", "retiering_run_id", "action", "proposed_tier", "rule_matched", "evidence", "evidence_text", "threshold_version_id", "settings_snapshot", "final_tier", "override_reason", "removal_reason", "violation_id", "decided_by", "decided_at", "superseded_at") SELECT "id", "enterprise_org_id", "application_id", "retiering_run_id", "action", "proposed_tier", "rule_matched", "evidence", "evidence_text", "threshold_version_id", "settings_snapshot", "final_tier", "override_reason", "removal_reason", NULL, "decided_by", "decided_at", "superseded_at" FROM `board_tier_decisions`;--> statement-breakpoint
DROP TABLE `board_tier_decisions`;--> statement-breakpoint
ALTER TABLE `__new_board_tier_decisions` RENAME TO `board_tier_decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `board_tier_decisions_app_idx` ON `board_tier_decisions` (`application_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_run_idx` ON `board_tier_decisions` (`retiering_run_id`);--> statement-breakpoint
CREATE INDEX `board_tier_decisions_enterprise_idx` ON `board_tier_decisions` (`enterprise_org_id`);--> statement-breakpoint
CREATE TABLE `__new_board_tier_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`round_id` text,
	`retiering_run_id` text,
	`violation_id` text,
	`state` text DEFAULT 'draft' NOT NULL,
	`submission` integer DEFAULT 0 NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`submitted_at` integer,
	`approved_at` integer,
	FOREIGN KEY (`round_id`) REFERENCES `board_rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`retiering_run_id`) REFERENCES `board_retiering_runs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`violation_id`) REFERENCES `board_violations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "tier_plan_source" CHECK(("__new_board_tier_plans"."kind" = 'admission' and "__new_board_tier_plans"."round_id" is not null) or ("__new_board_tier_plans"."kind" = 'retiering' and "__new_board_tier_plans"."retiering_run_id" is not null) or ("__new_board_tier_plans"."kind" = 'removal' and "__new_board_tier_plans"."violation_id" is not null))
);
--> statement-breakpoint
INSERT INTO `__new_board_tier_plans`("id", "kind", "round_id", "retiering_run_id", "violation_id", "state", "submission", "created_by", "created_at", "submitted_at", "approved_at") SELECT "id", "kind", "round_id", "retiering_run_id", NULL, "state", "submission", "created_by", "created_at", "submitted_at", "approved_at" FROM `board_tier_plans`;--> statement-breakpoint
DROP TABLE `board_tier_plans`;--> statement-breakpoint
ALTER TABLE `__new_board_tier_plans` RENAME TO `board_tier_plans`;--> statement-breakpoint
CREATE INDEX `board_tier_plans_round_idx` ON `board_tier_plans` (`round_id`);--> statement-breakpoint
ALTER TABLE `board_applications` ADD `sponsor_relation` text;--> statement-breakpoint
ALTER TABLE `board_applications` ADD `sme_size` text;--> statement-breakpoint
ALTER TABLE `board_memberships` ADD `removal_decision_id` text REFERENCES board_tier_decisions(id);--> statement-breakpoint
ALTER TABLE `board_settings` ADD `retiering_on` text DEFAULT '04-30' NOT NULL;--> statement-breakpoint
ALTER TABLE `board_custody_confirmations` ADD `unconfirmed_account_no` text;--> statement-breakpoint
ALTER TABLE `board_custody_confirmations` ADD `responsible_party` text;--> statement-breakpoint
ALTER TABLE `board_threshold_standards` ADD `rule_text` text;--> statement-breakpoint
ALTER TABLE `board_threshold_standards` ADD `source` text;--> statement-breakpoint
ALTER TABLE `enterprise_financial_statements` ADD `share_capital` integer;--> statement-breakpoint
-- A second listing-threshold version, published after the first: every standard carries its wording and source, and the
-- NEEQ innovation layer is checked against the 2019 text — 股本总额 (share capital) on all three alternatives, revenue
-- 持续增长 (growth in each of the last two years) and 年均复合增长率 compounded over those two years. Decisions made with the
-- first version keep citing it.
INSERT INTO board_threshold_versions (id, label, effective_from, note, published_at, created_by, created_at) VALUES ('trx70omvh654o34d2op0sdq5', '2024 上市标准（逐条核对原文：北交所/科创板/创业板/主板 2024，新三板创新层 2019）', '2024-04-30', 'Each standard carries its wording and source. NEEQ: share capital (股本总额) on every alternative; 持续增长 and a two-year compound growth rate for the revenue alternative.', 1764806400000, NULL, 1764806400000);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('e4aiuu5u5vfz6o0srzgqdrus', 'trx70omvh654o34d2op0sdq5', 'bse1', 'bse', '预计市值不低于2亿元，最近两年净利润均不低于1500万元且加权平均净资产收益率平均不低于8%，或者最近一年净利润不低于2500万元且加权平均净资产收益率不低于8%；最近一年期末净资产不低于5000万元', '《北京证券交易所股票上市规则（试行）》第2.1.3条第一款第（一）项、第2.1.2条', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('y9jd740cs5gx28m2nyqilfb4', 'e4aiuu5u5vfz6o0srzgqdrus', 'a', 'marketCap', 'current', 1, 'gte', 200000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('uynma7cy2htpx8481muo0sjs', 'e4aiuu5u5vfz6o0srzgqdrus', 'a', 'netProfit', 'each', 2, 'gte', 15000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('wup4ztg9mvkkzpi4nw8jc2sx', 'e4aiuu5u5vfz6o0srzgqdrus', 'a', 'weightedRoe', 'avg', 2, 'gte', 800, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('yvwxzqq7ftzxlgil1qe1xz2x', 'e4aiuu5u5vfz6o0srzgqdrus', 'b', 'marketCap', 'current', 1, 'gte', 200000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('nllam7hx3znufgb7x7bf6pbh', 'e4aiuu5u5vfz6o0srzgqdrus', 'b', 'netProfit', 'last', 1, 'gte', 25000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('iz856wank11o45xm49g454ij', 'e4aiuu5u5vfz6o0srzgqdrus', 'b', 'weightedRoe', 'last', 1, 'gte', 800, 'bp', 5);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('nl58ngnrbtns6qjedb2tynhv', 'e4aiuu5u5vfz6o0srzgqdrus', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 6);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('i39sd486zqxooffyuc9hyr56', 'trx70omvh654o34d2op0sdq5', 'bse2', 'bse', '预计市值不低于4亿元，最近两年营业收入平均不低于1亿元，且最近一年营业收入增长率不低于30%，最近一年经营活动产生的现金流量净额为正；最近一年期末净资产不低于5000万元', '《北京证券交易所股票上市规则（试行）》第2.1.3条第一款第（二）项、第2.1.2条', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('tfocns1bxpi5etp6cwrwzlh6', 'i39sd486zqxooffyuc9hyr56', 'a', 'marketCap', 'current', 1, 'gte', 400000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ykkr190h9l64ivqkybb9orz9', 'i39sd486zqxooffyuc9hyr56', 'a', 'revenue', 'avg', 2, 'gte', 100000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('xr8mcfjedk88etcl4amjf5ca', 'i39sd486zqxooffyuc9hyr56', 'a', 'revenueGrowth', 'growth', 1, 'gte', 3000, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('prk1qvw0wmljo6k3imq7g4nq', 'i39sd486zqxooffyuc9hyr56', 'a', 'operatingCashFlow', 'last', 1, 'gt', 0, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ws4ojxt8vvk2tpp2f4g49umk', 'i39sd486zqxooffyuc9hyr56', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('zp6u7ayxq8jyfeg1z9gxexx2', 'trx70omvh654o34d2op0sdq5', 'bse3', 'bse', '预计市值不低于8亿元，最近一年营业收入不低于2亿元，最近两年研发投入合计占最近两年营业收入合计比例不低于8%；最近一年期末净资产不低于5000万元', '《北京证券交易所股票上市规则（试行）》第2.1.3条第一款第（三）项、第2.1.2条', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('qq4d3q6m8hurgaf1hkcb7j8h', 'zp6u7ayxq8jyfeg1z9gxexx2', 'a', 'marketCap', 'current', 1, 'gte', 800000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('gprqic4cz6d28h61opaf45ho', 'zp6u7ayxq8jyfeg1z9gxexx2', 'a', 'revenue', 'last', 1, 'gte', 200000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('x1m33flpkysgvk5i6dxq0zqe', 'zp6u7ayxq8jyfeg1z9gxexx2', 'a', 'rdRatio', 'total', 2, 'gte', 800, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('sw6bayhnexnyskde46k9e51s', 'zp6u7ayxq8jyfeg1z9gxexx2', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('hyhxiel7e9ibzx3gx02y92zo', 'trx70omvh654o34d2op0sdq5', 'bse4', 'bse', '预计市值不低于15亿元，最近两年研发投入合计不低于5000万元；最近一年期末净资产不低于5000万元', '《北京证券交易所股票上市规则（试行）》第2.1.3条第一款第（四）项、第2.1.2条', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('k75ekju10btwwefh75xabkgk', 'hyhxiel7e9ibzx3gx02y92zo', 'a', 'marketCap', 'current', 1, 'gte', 1500000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('l3kv2s0k470ya2d0j4recacj', 'hyhxiel7e9ibzx3gx02y92zo', 'a', 'rdExpense', 'total', 2, 'gte', 50000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('dfh0yghu688lujj01g9m2xlf', 'hyhxiel7e9ibzx3gx02y92zo', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('bh3ljay05vcbe9kyyfostzvv', 'trx70omvh654o34d2op0sdq5', 'star1', 'star', '预计市值不低于人民币10亿元，最近两年净利润均为正且累计净利润不低于人民币5000万元，或者预计市值不低于人民币10亿元，最近一年净利润为正且营业收入不低于人民币1亿元', '《上海证券交易所科创板股票上市规则》第2.1.2条第一款第（一）项', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('us6ihqr9ae8jvn6xptenlu4q', 'bh3ljay05vcbe9kyyfostzvv', 'a', 'marketCap', 'current', 1, 'gte', 1000000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ukwwfxtsxk5my7nhyypa79po', 'bh3ljay05vcbe9kyyfostzvv', 'a', 'netProfit', 'each', 2, 'gt', 0, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('xt0aimo59dpirp6ynxg5ohbe', 'bh3ljay05vcbe9kyyfostzvv', 'a', 'netProfit', 'total', 2, 'gte', 50000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('eos5qb4fs8t77ma3mhe0vhw3', 'bh3ljay05vcbe9kyyfostzvv', 'b', 'marketCap', 'current', 1, 'gte', 1000000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('geqngxy40oja3wfzn34gqp02', 'bh3ljay05vcbe9kyyfostzvv', 'b', 'netProfit', 'last', 1, 'gt', 0, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('nqoh1joolar1v1mapixjpncx', 'bh3ljay05vcbe9kyyfostzvv', 'b', 'revenue', 'last', 1, 'gte', 100000000, 'yuan', 5);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('x82vymaqyj4rmdev2hcosjn4', 'trx70omvh654o34d2op0sdq5', 'chinext1', 'chinext', '最近两年净利润均为正，累计净利润不低于1亿元，且最近一年净利润不低于6000万元', '《深圳证券交易所创业板股票上市规则（2024年修订）》第2.1.2条第一款第（一）项', 5);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('x8p7k2n7h5xqwzxfvs0tqv14', 'x82vymaqyj4rmdev2hcosjn4', 'a', 'netProfit', 'each', 2, 'gt', 0, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('aw3n19lou73h7fhkugjn00e6', 'x82vymaqyj4rmdev2hcosjn4', 'a', 'netProfit', 'total', 2, 'gte', 100000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('l95ixixdqjvlgf9p7js06hxu', 'x82vymaqyj4rmdev2hcosjn4', 'a', 'netProfit', 'last', 1, 'gte', 60000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('hrgg599v45kufdrtip98188h', 'trx70omvh654o34d2op0sdq5', 'main1', 'main', '最近三年净利润均为正，且最近三年净利润累计不低于2亿元，最近一年净利润不低于1亿元，最近三年经营活动产生的现金流量净额累计不低于2亿元或营业收入累计不低于15亿元', '《上海证券交易所股票上市规则（2024年4月修订）》第3.1.2条第一款第（一）项', 6);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('s0uyd524yonznfbnngfu3k1a', 'hrgg599v45kufdrtip98188h', '*', 'netProfit', 'each', 3, 'gt', 0, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('a949aq7q6g2757p7wtlg8woo', 'hrgg599v45kufdrtip98188h', '*', 'netProfit', 'total', 3, 'gte', 200000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('eyiyith1pmq7c80bhhybaidd', 'hrgg599v45kufdrtip98188h', '*', 'netProfit', 'last', 1, 'gte', 100000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('pr72ajpdbr38imct6qwcqelc', 'hrgg599v45kufdrtip98188h', 'a', 'operatingCashFlow', 'total', 3, 'gte', 200000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('sia5xdhivhzqca89uju96mw9', 'hrgg599v45kufdrtip98188h', 'b', 'revenue', 'total', 3, 'gte', 1500000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('qix7e6c08ywnyz248u88ck48', 'trx70omvh654o34d2op0sdq5', 'neeq1', 'neeq', '最近两年净利润均不低于1000万元，最近两年加权平均净资产收益率平均不低于8%，股本总额不少于2000万元', '《全国中小企业股份转让系统分层管理办法》（2019年修订）创新层进层标准第（一）项', 7);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('hdzipt3ji4qghxd8rk12forr', 'qix7e6c08ywnyz248u88ck48', 'a', 'netProfit', 'each', 2, 'gte', 10000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('e21j7y7d0l4ab2wlgqaa9y9m', 'qix7e6c08ywnyz248u88ck48', 'a', 'weightedRoe', 'avg', 2, 'gte', 800, 'bp', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('bgx5n7pi2hglrp8njuhkvn24', 'qix7e6c08ywnyz248u88ck48', 'a', 'shareCapital', 'last', 1, 'gte', 20000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('xvzlaszm5v8kkpyi71tdynw1', 'trx70omvh654o34d2op0sdq5', 'neeq2', 'neeq', '最近两年营业收入平均不低于6000万元，且持续增长，年均复合增长率不低于50%，股本总额不少于2000万元', '《全国中小企业股份转让系统分层管理办法》（2019年修订）创新层进层标准第（二）项；“年均复合增长率”按最近两年相对其前一年计（需三个会计年度营业收入）', 8);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('g1i679omxextt3xxzwv9st9i', 'xvzlaszm5v8kkpyi71tdynw1', 'a', 'revenue', 'avg', 2, 'gte', 60000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('eaarhnld4ksfgwtfez7sk4kb', 'xvzlaszm5v8kkpyi71tdynw1', 'a', 'revenueGrowth', 'each', 2, 'gt', 0, 'bp', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('tn8ypmavihaq2pcq120y0jai', 'xvzlaszm5v8kkpyi71tdynw1', 'a', 'revenueGrowth', 'growth', 2, 'gte', 5000, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('gdw40jxdfcehues0n33cnliz', 'xvzlaszm5v8kkpyi71tdynw1', 'a', 'shareCapital', 'last', 1, 'gte', 20000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, rule_text, source, sort_order) VALUES ('aoxurx4hxzrrxbfzi2j05x9z', 'trx70omvh654o34d2op0sdq5', 'neeq3', 'neeq', '最近有成交的60个交易日的平均市值不低于6亿元，股本总额不少于5000万元；采取做市交易方式的，做市商家数不少于6家；采取集合竞价交易方式的，前述60个交易日通过集合竞价交易方式实现的股票累计成交量不低于100万股', '《全国中小企业股份转让系统分层管理办法》（2019年修订）创新层进层标准第（三）项；做市商家数与成交量要求不适用于未挂牌企业，市值以预计市值计', 9);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('b20yr5c2uq6nnkm44y4mbh4f', 'aoxurx4hxzrrxbfzi2j05x9z', 'a', 'marketCap', 'current', 1, 'gte', 600000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('sqct17bxshinwt6k2zjca74t', 'aoxurx4hxzrrxbfzi2j05x9z', 'a', 'shareCapital', 'last', 1, 'gte', 50000000, 'yuan', 1);
