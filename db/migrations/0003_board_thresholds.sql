-- The first listing-threshold version for the 50% rule (Attachment 2 §一 培育层), as DOMAIN.md lists them:
-- BSE standards 1–4 (with BSE's net-assets floor on every clause), STAR std 1, ChiNext std 1 (2024), main board
-- std 1 (2024), and the NEEQ innovation layer's three alternatives (2019 text). A standard is met when every
-- criterion of one clause is met; clause '*' belongs to every clause. Money in yuan, ratios in basis points.
-- Exchange admins edit thresholds by copying this version into a new one; decisions keep citing this id.
-- Also the board's default policy row: Xinjiang's A-round rule, ratios not halved, custody 60 working days, 75%/80%.
INSERT INTO board_threshold_versions (id, label, effective_from, note, published_at, created_by, created_at) VALUES ('oo2yk5jk4shdtx6cnik5uzw0', '2024 上市标准（北交所/科创板/创业板/主板 2024，新三板创新层 2019）', '2024-04-30', 'Seeded from DOMAIN.md; NEEQ innovation layer figures to be verified against the current rules before relying on them.', 1714406400000, NULL, 1714406400000);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('zgtleic7uv56j7h74bacveh5', 'oo2yk5jk4shdtx6cnik5uzw0', 'bse1', 'bse', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('zawxc2x7wn8enf319qonqhdc', 'zgtleic7uv56j7h74bacveh5', 'a', 'marketCap', 'current', 1, 'gte', 200000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('k31dha5e6fig7olycunjm81e', 'zgtleic7uv56j7h74bacveh5', 'a', 'netProfit', 'each', 2, 'gte', 15000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('a9u7toq062ou4fv6v1qgap0v', 'zgtleic7uv56j7h74bacveh5', 'a', 'weightedRoe', 'avg', 2, 'gte', 800, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('rcox6zmwbj10z4xdxc2ysg9l', 'zgtleic7uv56j7h74bacveh5', 'b', 'marketCap', 'current', 1, 'gte', 200000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('sj2rl1ybgm7qr60duwkomo94', 'zgtleic7uv56j7h74bacveh5', 'b', 'netProfit', 'last', 1, 'gte', 25000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('tpfnigpnazvpysuyz98eljny', 'zgtleic7uv56j7h74bacveh5', 'b', 'weightedRoe', 'last', 1, 'gte', 800, 'bp', 5);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('h08qii42b97l1onkclxwbgg7', 'zgtleic7uv56j7h74bacveh5', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 6);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('vvtd9mqcbtqidvh2jsgxh253', 'oo2yk5jk4shdtx6cnik5uzw0', 'bse2', 'bse', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('hzi63ev0gtc1z9a90ce5kvci', 'vvtd9mqcbtqidvh2jsgxh253', 'a', 'marketCap', 'current', 1, 'gte', 400000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('u5wrfc3mke3r1wsj9l7t7z6q', 'vvtd9mqcbtqidvh2jsgxh253', 'a', 'revenue', 'avg', 2, 'gte', 100000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ccanrfwbgoviu7iennqojndm', 'vvtd9mqcbtqidvh2jsgxh253', 'a', 'revenueGrowth', 'growth', 1, 'gte', 3000, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('pqh8xylxk7j9hras8c3hdocm', 'vvtd9mqcbtqidvh2jsgxh253', 'a', 'operatingCashFlow', 'last', 1, 'gt', 0, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('pjjkoqzp080dqw6t0kvakxkg', 'vvtd9mqcbtqidvh2jsgxh253', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('jhwpkauospcbblpvbytxn69h', 'oo2yk5jk4shdtx6cnik5uzw0', 'bse3', 'bse', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('i8vukc3d392kqqh04pzkwezg', 'jhwpkauospcbblpvbytxn69h', 'a', 'marketCap', 'current', 1, 'gte', 800000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('lod8i4nderj0svn93sbxr8t9', 'jhwpkauospcbblpvbytxn69h', 'a', 'revenue', 'last', 1, 'gte', 200000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('dn2vse8yrw56ne8kygu0j7yo', 'jhwpkauospcbblpvbytxn69h', 'a', 'rdRatio', 'total', 2, 'gte', 800, 'bp', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('zedyz966pxepj6plufqg2je0', 'jhwpkauospcbblpvbytxn69h', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('i7fyzlzgi09x2710psb95dx7', 'oo2yk5jk4shdtx6cnik5uzw0', 'bse4', 'bse', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('x0nvj2ktql3uorlk5c5qvtnx', 'i7fyzlzgi09x2710psb95dx7', 'a', 'marketCap', 'current', 1, 'gte', 1500000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('boms5cl4jigevju3fvu49k9h', 'i7fyzlzgi09x2710psb95dx7', 'a', 'rdExpense', 'total', 2, 'gte', 50000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('qoe3jyflrg2tnlkwao6pg0nd', 'i7fyzlzgi09x2710psb95dx7', '*', 'netAssets', 'last', 1, 'gte', 50000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('ta7v0z6b19dmmuha5le5mz86', 'oo2yk5jk4shdtx6cnik5uzw0', 'star1', 'star', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ufdswlizy45dgv1c072t78yy', 'ta7v0z6b19dmmuha5le5mz86', 'a', 'marketCap', 'current', 1, 'gte', 1000000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ri4rgoi39etyzi2kwaszfyhm', 'ta7v0z6b19dmmuha5le5mz86', 'a', 'netProfit', 'each', 2, 'gt', 0, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('zux94v36o8gau116va54xnna', 'ta7v0z6b19dmmuha5le5mz86', 'a', 'netProfit', 'total', 2, 'gte', 50000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('ug86us8n3fgdeu3b4drtvtn4', 'ta7v0z6b19dmmuha5le5mz86', 'b', 'marketCap', 'current', 1, 'gte', 1000000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('qp11dl79be3gl2m21rh9hhpv', 'ta7v0z6b19dmmuha5le5mz86', 'b', 'netProfit', 'last', 1, 'gt', 0, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('mxk4gqa8a2lbif4miut8y9ir', 'ta7v0z6b19dmmuha5le5mz86', 'b', 'revenue', 'last', 1, 'gte', 100000000, 'yuan', 5);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('wdeg4d8vtf2v5t59h2sn5xru', 'oo2yk5jk4shdtx6cnik5uzw0', 'chinext1', 'chinext', 5);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('xaunee825rixxzl50xf42uzq', 'wdeg4d8vtf2v5t59h2sn5xru', 'a', 'netProfit', 'each', 2, 'gt', 0, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('aa00qyd9250c7esojux693o8', 'wdeg4d8vtf2v5t59h2sn5xru', 'a', 'netProfit', 'total', 2, 'gte', 100000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('bh9h3f0xz3tbrwg6961hkswb', 'wdeg4d8vtf2v5t59h2sn5xru', 'a', 'netProfit', 'last', 1, 'gte', 60000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('o7uwsd2ywdekk1ice74b1j0h', 'oo2yk5jk4shdtx6cnik5uzw0', 'main1', 'main', 6);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('p3ly4tqfz787x855gv5f7gsk', 'o7uwsd2ywdekk1ice74b1j0h', '*', 'netProfit', 'each', 3, 'gt', 0, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('c5kyqxlj84r7sklm6q3rnxpb', 'o7uwsd2ywdekk1ice74b1j0h', '*', 'netProfit', 'total', 3, 'gte', 200000000, 'yuan', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('p2dqg06kp1pehodo5kd0wzm7', 'o7uwsd2ywdekk1ice74b1j0h', '*', 'netProfit', 'last', 1, 'gte', 100000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('l5875sld1amqv95rglhzay1u', 'o7uwsd2ywdekk1ice74b1j0h', 'a', 'operatingCashFlow', 'total', 3, 'gte', 200000000, 'yuan', 3);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('x8v7f9vj1ds7agxszj9lolsm', 'o7uwsd2ywdekk1ice74b1j0h', 'b', 'revenue', 'total', 3, 'gte', 1500000000, 'yuan', 4);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('gtwmbjy067tl11rv09724o8k', 'oo2yk5jk4shdtx6cnik5uzw0', 'neeq1', 'neeq', 7);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('tsww9hk2751brx13jnpieew3', 'gtwmbjy067tl11rv09724o8k', 'a', 'netProfit', 'each', 2, 'gte', 10000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('oncg1aocv5y0v99lgth0srn9', 'gtwmbjy067tl11rv09724o8k', 'a', 'weightedRoe', 'avg', 2, 'gte', 800, 'bp', 1);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('lajyxud1ydb0c4l2f7q16k92', 'gtwmbjy067tl11rv09724o8k', 'a', 'shareCapital', 'last', 1, 'gte', 20000000, 'yuan', 2);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('tc4ujz0s4kfzuip81l9kzdp2', 'oo2yk5jk4shdtx6cnik5uzw0', 'neeq2', 'neeq', 8);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('do66fiiifhza4ssmizc73pu3', 'tc4ujz0s4kfzuip81l9kzdp2', 'a', 'revenue', 'avg', 2, 'gte', 60000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('mdelnlu41856nb6h1baz601e', 'tc4ujz0s4kfzuip81l9kzdp2', 'a', 'revenueGrowth', 'growth', 1, 'gte', 5000, 'bp', 1);
--> statement-breakpoint
INSERT INTO board_threshold_standards (id, version_id, code, market, sort_order) VALUES ('ko0hfopr725du2h200h0xlw3', 'oo2yk5jk4shdtx6cnik5uzw0', 'neeq3', 'neeq', 9);
--> statement-breakpoint
INSERT INTO board_threshold_criteria (id, standard_id, clause, metric, aggregation, years, op, value, unit, sort_order) VALUES ('va8v6v8jatkfkfncjcu68d3m', 'ko0hfopr725du2h200h0xlw3', 'a', 'marketCap', 'current', 1, 'gte', 600000000, 'yuan', 0);
--> statement-breakpoint
INSERT INTO board_settings (id, min_pe_round, halve_ratios, custody_working_days, custody_ratio_bp, custody_ratio_cultivation_bp, updated_by, updated_at) VALUES ('board', 'a', 0, 60, 7500, 8000, NULL, 1714406400000);
