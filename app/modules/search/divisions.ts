/**
 * County-level divisions of Xinjiang (GB/T 2260 codes, as in characters 3–8 of a USCC) with the names
 * people read, in Chinese and English (ADR 0110). Organisations are filed under a prefecture; the county
 * or district they are registered in is only in their code, so search turns the code into these names
 * (沙依巴克区 / Saybag District). The codes stay filter material; the names are searchable text.
 *
 * Reviewed against Wikipedia's "List of administrative divisions of Xinjiang" (English names, division codes) and the
 * prefectures' and counties' own articles (Hotan, Aksu, Tacheng Prefecture, Emin County, Shanshan County, Kargilik
 * County, Bayingolin), ADR 0116. Where both the official romanisation and another spelling are common (Yarkant /
 * Shache, Kargilik / Yecheng, Yining / Ghulja), both are listed: a user's English query must find the place.
 */
const COUNTIES: Record<string, readonly [string, string, ...string[]]> = {
  // 乌鲁木齐市 Urumqi
  "650102": ["天山区", "Tianshan District"],
  "650103": ["沙依巴克区", "Saybag District"],
  "650104": ["新市区", "Xinshi District"],
  "650105": ["水磨沟区", "Shuimogou District"],
  "650106": ["头屯河区", "Toutunhe District"],
  "650107": ["达坂城区", "Dabancheng District"],
  "650109": ["米东区", "Midong District"],
  "650121": ["乌鲁木齐县", "Urumqi County"],
  // 克拉玛依市 Karamay
  "650202": ["独山子区", "Dushanzi District"],
  "650203": ["克拉玛依区", "Karamay District"],
  "650204": ["白碱滩区", "Baijiantan District"],
  "650205": ["乌尔禾区", "Urho District"],
  // 吐鲁番市 Turpan
  "650402": ["高昌区", "Gaochang District"],
  "650421": ["鄯善县", "Shanshan County", "Piqan"],
  "650422": ["托克逊县", "Toksun County"],
  // 哈密市 Hami (Kumul)
  "650502": ["伊州区", "Yizhou District"],
  "650521": ["巴里坤哈萨克自治县", "Barkol Kazakh Autonomous County"],
  "650522": ["伊吾县", "Yiwu County"],
  // 昌吉回族自治州 Changji
  "652301": ["昌吉市", "Changji City"],
  "652302": ["阜康市", "Fukang City"],
  "652323": ["呼图壁县", "Hutubi County"],
  "652324": ["玛纳斯县", "Manas County"],
  "652325": ["奇台县", "Qitai County"],
  "652327": ["吉木萨尔县", "Jimsar County"],
  "652328": ["木垒哈萨克自治县", "Mori Kazakh Autonomous County", "Mulei"],
  // 博尔塔拉蒙古自治州 Bortala
  "652701": ["博乐市", "Bole City", "Bortala"],
  "652702": ["阿拉山口市", "Alashankou City"],
  "652722": ["精河县", "Jinghe County"],
  "652723": ["温泉县", "Wenquan County"],
  // 巴音郭楞蒙古自治州 Bayingolin
  "652801": ["库尔勒市", "Korla City"],
  "652822": ["轮台县", "Luntai County", "Bugur"],
  // pinyin-pro reads 尉犁 as weili; the name is Yùlí.
  "652823": ["尉犁县", "Yuli County", "Lopnur"],
  "652824": ["若羌县", "Ruoqiang County", "Charkhlik"],
  "652825": ["且末县", "Qiemo County", "Cherchen"],
  "652826": ["焉耆回族自治县", "Yanqi Hui Autonomous County", "Karasahr"],
  "652827": ["和静县", "Hejing County"],
  "652828": ["和硕县", "Hoxud County", "Heshuo"],
  "652829": ["博湖县", "Bohu County", "Bagrax"],
  // 阿克苏地区 Aksu
  "652901": ["阿克苏市", "Aksu City"],
  "652902": ["库车市", "Kuqa City", "Kucha"],
  "652922": ["温宿县", "Wensu County", "Onsu"],
  "652924": ["沙雅县", "Xayar County", "Shaya"],
  "652925": ["新和县", "Xinhe County", "Toksu"],
  "652926": ["拜城县", "Baicheng County"],
  // pinyin-pro reads 什 in 乌什, 阿图什 and 塔什库尔干 as shen; the names say shi.
  "652927": ["乌什县", "Uqturpan County", "Wushi"],
  "652928": ["阿瓦提县", "Awat County"],
  "652929": ["柯坪县", "Kalpin County", "Keping"],
  // 克孜勒苏柯尔克孜自治州 Kizilsu
  "653001": ["阿图什市", "Artux City", "Atushi", "Atush"],
  "653022": ["阿克陶县", "Akto County"],
  "653023": ["阿合奇县", "Akqi County"],
  "653024": ["乌恰县", "Ulugqat County", "Wuqia"],
  // 喀什地区 Kashgar
  "653101": ["喀什市", "Kashgar City", "Kashi"],
  "653121": ["疏附县", "Shufu County"],
  "653122": ["疏勒县", "Shule County"],
  "653123": ["英吉沙县", "Yengisar County"],
  "653124": ["泽普县", "Poskam County", "Zepu"],
  "653125": ["莎车县", "Yarkant County", "Shache", "Yarkand"],
  "653126": ["叶城县", "Kargilik County", "Yecheng"],
  "653127": ["麦盖提县", "Makit County"],
  "653128": ["岳普湖县", "Yopurga County"],
  "653129": ["伽师县", "Payzawat County", "Jiashi"],
  "653130": ["巴楚县", "Maralbexi County", "Bachu"],
  "653131": ["塔什库尔干塔吉克自治县", "Taxkorgan Tajik Autonomous County", "Tashkurgan"],
  // 和田地区 Hotan
  "653201": ["和田市", "Hotan City", "Khotan"],
  "653221": ["和田县", "Hotan County"],
  "653222": ["墨玉县", "Karakax County", "Moyu"],
  "653223": ["皮山县", "Pishan County", "Guma"],
  "653224": ["洛浦县", "Lop County"],
  "653225": ["策勒县", "Qira County"],
  "653226": ["于田县", "Yutian County", "Keriya"],
  "653227": ["民丰县", "Minfeng County", "Niya"],
  // 伊犁哈萨克自治州 Ili
  "654002": ["伊宁市", "Yining City", "Ghulja", "Gulja"],
  "654003": ["奎屯市", "Kuytun City"],
  "654004": ["霍尔果斯市", "Khorgas City", "Khorgos", "Horgos"],
  "654021": ["伊宁县", "Yining County", "Ghulja", "Gulja"],
  "654022": ["察布查尔锡伯自治县", "Qapqal Xibe Autonomous County"],
  "654023": ["霍城县", "Huocheng County"],
  "654024": ["巩留县", "Tokkuztara County", "Gongliu"],
  "654025": ["新源县", "Kunes County", "Xinyuan"],
  "654026": ["昭苏县", "Mongolkure County", "Zhaosu"],
  "654027": ["特克斯县", "Tekes County"],
  "654028": ["尼勒克县", "Nilka County"],
  // 塔城地区 Tacheng
  "654201": ["塔城市", "Tacheng City", "Qoqek", "Chuguchak"],
  "654202": ["乌苏市", "Wusu City", "Usu"],
  "654203": ["沙湾市", "Shawan City"],
  "654221": ["额敏县", "Emin County", "Dorbiljin"],
  "654224": ["托里县", "Toli County"],
  "654225": ["裕民县", "Yumin County", "Qagantokay"],
  "654226": ["和布克赛尔蒙古自治县", "Hoboksar Mongol Autonomous County"],
  // 阿勒泰地区 Altay
  "654301": ["阿勒泰市", "Altay City"],
  "654321": ["布尔津县", "Burqin County"],
  "654322": ["富蕴县", "Koktokay County", "Fuyun"],
  "654323": ["福海县", "Burultokay County", "Fuhai"],
  "654324": ["哈巴河县", "Kaba County", "Habahe"],
  "654325": ["青河县", "Qinggil County", "Qinghe"],
  "654326": ["吉木乃县", "Jeminay County"],
  // Cities of the Xinjiang Production and Construction Corps (兵团)
  "659001": ["石河子市", "Shihezi City"],
  "659002": ["阿拉尔市", "Aral City"],
  "659003": ["图木舒克市", "Tumxuk City"],
  "659004": ["五家渠市", "Wujiaqu City"],
  "659005": ["北屯市", "Beitun City"],
  "659006": ["铁门关市", "Tiemenguan City"],
  "659007": ["双河市", "Shuanghe City"],
  "659008": ["可克达拉市", "Kokdala City"],
  "659009": ["昆玉市", "Kunyu City"],
  "659010": ["胡杨河市", "Huyanghe City"],
  "659011": ["新星市", "Xinxing City"],
  // Approved 2022-12-19, announced 2023-01-20 (9th Division).
  "659012": ["白杨市", "Baiyang City"],
};

/** The registration division code of an organisation: its own, else characters 3–8 of its USCC. */
export function divisionCodeOf(org: { divisionCode?: string | null; uscc?: string | null }): string | null {
  if (org.divisionCode && /^\d{6}$/.test(org.divisionCode)) return org.divisionCode;
  const fromUscc = org.uscc?.slice(2, 8);
  return fromUscc && /^\d{6}$/.test(fromUscc) ? fromUscc : null;
}

/**
 * The county or district of a division code: its Chinese name, its English name, then other spellings people
 * type for it (the Uyghur, Kazakh or Mongol name where the English name is the pinyin, or the pinyin where it is
 * not, when pinyin-pro misreads a character). All are searchable; pages show the first two.
 */
export function countyLabels(code: string | null | undefined): string[] {
  const names = code ? COUNTIES[code] : undefined;
  return names ? [...names] : [];
}

export const countyCodes = (): string[] => Object.keys(COUNTIES);
