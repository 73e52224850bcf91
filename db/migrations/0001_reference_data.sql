-- Reference data the board cannot run without: the 14 prefectures and the editable division routing.
-- XPCC cities (6590xx) default to the prefecture around them; exchange admins can re-route them.
-- The audit log is append-only: triggers refuse UPDATE and DELETE (verification still detects tampering done around them).
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6501', '乌鲁木齐市', 'Urumqi', 0);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6502', '克拉玛依市', 'Karamay', 1);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6504', '吐鲁番市', 'Turpan', 2);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6505', '哈密市', 'Hami', 3);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6523', '昌吉回族自治州', 'Changji', 4);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6527', '博尔塔拉蒙古自治州', 'Bortala', 5);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6528', '巴音郭楞蒙古自治州', 'Bayingolin', 6);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6529', '阿克苏地区', 'Aksu', 7);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6530', '克孜勒苏柯尔克孜自治州', 'Kizilsu', 8);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6531', '喀什地区', 'Kashgar', 9);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6532', '和田地区', 'Hotan', 10);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6540', '伊犁哈萨克自治州', 'Ili', 11);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6542', '塔城地区', 'Tacheng', 12);
--> statement-breakpoint
INSERT INTO prefectures (code, name_zh, name_en, sort_order) VALUES ('6543', '阿勒泰地区', 'Altay', 13);
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6501', '乌鲁木齐市', 'Urumqi', '6501');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6502', '克拉玛依市', 'Karamay', '6502');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6504', '吐鲁番市', 'Turpan', '6504');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6505', '哈密市', 'Hami', '6505');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6523', '昌吉回族自治州', 'Changji', '6523');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6527', '博尔塔拉蒙古自治州', 'Bortala', '6527');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6528', '巴音郭楞蒙古自治州', 'Bayingolin', '6528');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6529', '阿克苏地区', 'Aksu', '6529');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6530', '克孜勒苏柯尔克孜自治州', 'Kizilsu', '6530');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6531', '喀什地区', 'Kashgar', '6531');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6532', '和田地区', 'Hotan', '6532');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6540', '伊犁哈萨克自治州', 'Ili', '6540');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6542', '塔城地区', 'Tacheng', '6542');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('6543', '阿勒泰地区', 'Altay', '6543');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659001', '石河子市（兵团）', 'Shihezi (XPCC)', '6542');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659002', '阿拉尔市（兵团）', 'Aral (XPCC)', '6529');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659003', '图木舒克市（兵团）', 'Tumxuk (XPCC)', '6531');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659004', '五家渠市（兵团）', 'Wujiaqu (XPCC)', '6523');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659005', '北屯市（兵团）', 'Beitun (XPCC)', '6543');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659006', '铁门关市（兵团）', 'Tiemenguan (XPCC)', '6528');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659007', '双河市（兵团）', 'Shuanghe (XPCC)', '6527');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659008', '可克达拉市（兵团）', 'Kokdala (XPCC)', '6540');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659009', '昆玉市（兵团）', 'Kunyu (XPCC)', '6532');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659010', '胡杨河市（兵团）', 'Huyanghe (XPCC)', '6542');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659011', '新星市（兵团）', 'Xinxing (XPCC)', '6505');
--> statement-breakpoint
INSERT INTO division_routes (prefix, label_zh, label_en, prefecture_code) VALUES ('659012', '白杨市（兵团）', 'Baiyang (XPCC)', '6542');
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
