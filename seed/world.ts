// The demo world: fictional organisations, realistic for Xinjiang. Deterministic so that tests,
// screenshots and the README's logins always agree.

export const DEMO_PASSWORD = "Demo@2026!";
/**
 * The TOTP secret of every demo account whose role requires two-step verification (exchange staff, regulators,
 * bureaus): add it to an authenticator app once (manual key entry) to sign in as any of them. Demo data only.
 */
export const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPXJSRDIDEMOXJSRDI";

export const EXCHANGE = { name: "新疆股权交易中心", nameEn: "Xinjiang Equity Exchange Center" };

export const EXCHANGE_STAFF = [
  { email: "admin@xjex.demo", name: "艾力·买买提", roles: ["org_admin", "exchange_admin"] },
  { email: "reviewer@xjex.demo", name: "许文清", roles: ["reviewer"] },
  { email: "service@xjex.demo", name: "古丽娜·阿不都", roles: ["service_specialist"] },
  { email: "roadshow@xjex.demo", name: "陈思远", roles: ["roadshow_scheduler"] },
] as const;

export const REGULATORS = [
  { code: "miit_xj", name: "新疆维吾尔自治区工业和信息化厅", nameEn: "Xinjiang Department of Industry and IT", email: "miit@reg.demo", person: "郭明" },
  { code: "finance_xj", name: "新疆维吾尔自治区地方金融监督管理局", nameEn: "Xinjiang Local Financial Supervision Bureau", email: "finance@reg.demo", person: "刘雅" },
  { code: "csrc_xj", name: "中国证监会新疆监管局", nameEn: "CSRC Xinjiang Bureau", email: "csrc@reg.demo", person: "吴斌" },
] as const;

export const INSTITUTIONS = [
  { key: "bank1", type: "bank", name: "天山商业银行乌鲁木齐分行", nameEn: "Tianshan Commercial Bank, Urumqi", person: "王海燕" },
  { key: "bank2", type: "bank", name: "丝路银行新疆分行", nameEn: "Silk Road Bank Xinjiang", person: "马俊" },
  { key: "bank3", type: "bank", name: "昆仑农村商业银行", nameEn: "Kunlun Rural Commercial Bank", person: "阿依古丽·吐尔逊" },
  { key: "bank4", type: "bank", name: "博格达城市银行", nameEn: "Bogda City Bank", person: "李卫东" },
  { key: "pe1", type: "pe_vc", name: "雪莲创业投资有限公司", nameEn: "Snow Lotus Venture Capital", person: "赵一鸣" },
  { key: "pe2", type: "pe_vc", name: "胡杨资本管理有限公司", nameEn: "Populus Capital", person: "孙晓峰" },
  { key: "pe3", type: "pe_vc", name: "天池股权投资基金管理有限公司", nameEn: "Tianchi Equity Fund Management", person: "周婷" },
  { key: "guar1", type: "guarantor", name: "西域融资担保有限公司", nameEn: "Xiyu Financing Guarantee", person: "热合曼·艾买提" },
  { key: "guar2", type: "guarantor", name: "准噶尔融资担保股份有限公司", nameEn: "Junggar Financing Guarantee", person: "黄磊" },
  { key: "lease1", type: "leasing", name: "丝绸之路融资租赁有限公司", nameEn: "Silk Route Financial Leasing", person: "杨帆" },
  { key: "lease2", type: "leasing", name: "天山融资租赁股份有限公司", nameEn: "Tianshan Financial Leasing", person: "努尔兰·哈力克" },
  { key: "sec1", type: "securities", name: "西部天山证券股份有限公司", nameEn: "West Tianshan Securities", person: "高峰" },
] as const;

/** GB/T 4754-2017 sections used by the demo enterprises. */
export const SECTIONS = {
  A: "农、林、牧、渔业",
  B: "采矿业",
  C: "制造业",
  D: "电力、热力、燃气及水生产和供应业",
  I: "信息传输、软件和信息技术服务业",
  M: "科学研究和技术服务业",
} as const;

/** [name, English name, registration division code (USCC chars 3–8), GB/T 4754 section] */
export const ENTERPRISES: readonly (readonly [string, string, string, keyof typeof SECTIONS])[] = [
  ["新疆金沙锂电科技有限公司", "Jinsha Lithium Battery Technology", "650106", "C"],
  ["新疆天润新能源装备股份有限公司", "Tianrun New Energy Equipment", "650104", "C"],
  ["乌鲁木齐云谷数据科技有限公司", "Urumqi Cloud Valley Data", "650102", "I"],
  ["新疆丝路智联软件有限公司", "Silk Road Smart Software", "650103", "I"],
  ["新疆昆仑光伏材料有限公司", "Kunlun PV Materials", "650109", "C"],
  ["克拉玛依油田智能装备有限公司", "Karamay Oilfield Smart Equipment", "650203", "C"],
  ["克拉玛依绿源化工新材料有限公司", "Karamay Lvyuan Chemical Materials", "650204", "C"],
  ["吐鲁番葡萄生物科技有限公司", "Turpan Grape Biotech", "650402", "C"],
  ["哈密天宏风电科技有限公司", "Hami Tianhong Wind Power", "650502", "D"],
  ["哈密煤基新材料有限公司", "Hami Coal-based Materials", "650502", "C"],
  ["昌吉特变电气配件有限公司", "Changji Transformer Components", "652301", "C"],
  ["昌吉准东硅基材料有限公司", "Changji Zhundong Silicon", "652325", "C"],
  ["新疆玛纳斯节水灌溉科技有限公司", "Manas Water-saving Irrigation", "652324", "A"],
  ["博乐赛里木生物育种有限公司", "Bole Sayram Seed Breeding", "652701", "A"],
  ["库尔勒香梨深加工有限公司", "Korla Fragrant Pear Processing", "652801", "C"],
  ["巴州塔里木石化助剂有限公司", "Bayingolin Tarim Petrochemical Additives", "652801", "C"],
  ["阿克苏红枣智能分选设备有限公司", "Aksu Jujube Smart Sorting", "652901", "C"],
  ["阿克苏棉纺新材料有限公司", "Aksu Cotton Textile Materials", "652901", "C"],
  ["阿图什无花果食品有限公司", "Artux Fig Foods", "653001", "C"],
  ["喀什丝路跨境电商科技有限公司", "Kashgar Cross-border E-commerce", "653101", "I"],
  ["喀什帕米尔光电科技有限公司", "Kashgar Pamir Optoelectronics", "653101", "C"],
  ["和田玉龙喀什智能纺织有限公司", "Hotan Yurungkash Smart Textiles", "653201", "C"],
  ["伊犁河谷薰衣草生物科技有限公司", "Ili Valley Lavender Biotech", "654002", "C"],
  ["伊犁霍尔果斯物联网科技有限公司", "Khorgos IoT Technology", "654004", "I"],
  ["塔城额敏牧业科技有限公司", "Tacheng Emin Husbandry Tech", "654221", "A"],
  ["阿勒泰金山稀有金属材料有限公司", "Altay Jinshan Rare Metals", "654301", "B"],
  ["石河子天业节水新材料有限公司", "Shihezi Water-saving Materials", "659001", "C"],
  ["石河子绿洲检测技术有限公司", "Shihezi Oasis Testing", "659001", "M"],
  ["阿拉尔塔河棉业机械有限公司", "Aral Tarim Cotton Machinery", "659002", "C"],
  ["五家渠北斗农机导航科技有限公司", "Wujiaqu BeiDou Farm Navigation", "659004", "I"],
  ["新疆雪峰储能系统有限公司", "Xuefeng Energy Storage Systems", "650106", "C"],
  ["新疆天山氢能科技有限公司", "Tianshan Hydrogen Technology", "650105", "C"],
  ["新疆大漠无人机系统有限公司", "Damo UAV Systems", "650107", "C"],
  ["乌鲁木齐安泰医疗器械有限公司", "Urumqi Antai Medical Devices", "650104", "C"],
  ["新疆博源检验检测认证有限公司", "Boyuan Inspection and Certification", "650103", "M"],
  ["新疆天启工业互联网有限公司", "Tianqi Industrial Internet", "650102", "I"],
  ["昌吉新农现代种业有限公司", "Changji Xinnong Seeds", "652301", "A"],
  ["库车绿色石化新材料有限公司", "Kuqa Green Petrochemical Materials", "652902", "C"],
  ["克拉玛依云计算服务有限公司", "Karamay Cloud Computing Services", "650204", "I"],
  ["哈密光热发电技术有限公司", "Hami Solar Thermal Power", "650502", "D"],
];
