/**
 * County-level divisions of Xinjiang (GB/T 2260 codes, as in characters 3–8 of a USCC) with the names
 * people read, in Chinese and English (ADR 0110). Organisations are filed under a prefecture; the county
 * or district they are registered in is only in their code, so search turns the code into these names
 * (沙依巴克区 / Saybag District). The codes stay filter material; the names are searchable text.
 */
const COUNTIES: Record<string, readonly [string, string]> = {
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
  "650421": ["鄯善县", "Shanshan County"],
  "650422": ["托克逊县", "Toksun County"],
  // 哈密市 Hami
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
  "652328": ["木垒哈萨克自治县", "Mori Kazakh Autonomous County"],
  // 博尔塔拉蒙古自治州 Bortala
  "652701": ["博乐市", "Bole City"],
  "652702": ["阿拉山口市", "Alashankou City"],
  "652722": ["精河县", "Jinghe County"],
  "652723": ["温泉县", "Wenquan County"],
  // 巴音郭楞蒙古自治州 Bayingolin
  "652801": ["库尔勒市", "Korla City"],
  "652822": ["轮台县", "Luntai County"],
  "652823": ["尉犁县", "Yuli County"],
  "652824": ["若羌县", "Ruoqiang County"],
  "652825": ["且末县", "Qiemo County"],
  "652826": ["焉耆回族自治县", "Yanqi Hui Autonomous County"],
  "652827": ["和静县", "Hejing County"],
  "652828": ["和硕县", "Hoxud County"],
  "652829": ["博湖县", "Bohu County"],
  // 阿克苏地区 Aksu
  "652901": ["阿克苏市", "Aksu City"],
  "652902": ["库车市", "Kuqa City"],
  "652922": ["温宿县", "Wensu County"],
  "652924": ["沙雅县", "Xayar County"],
  "652925": ["新和县", "Xinhe County"],
  "652926": ["拜城县", "Baicheng County"],
  "652927": ["乌什县", "Uqturpan County"],
  "652928": ["阿瓦提县", "Awat County"],
  "652929": ["柯坪县", "Kalpin County"],
  // 克孜勒苏柯尔克孜自治州 Kizilsu
  "653001": ["阿图什市", "Artux City"],
  "653022": ["阿克陶县", "Akto County"],
  "653023": ["阿合奇县", "Akqi County"],
  "653024": ["乌恰县", "Ulugqat County"],
  // 喀什地区 Kashgar
  "653101": ["喀什市", "Kashgar City"],
  "653121": ["疏附县", "Shufu County"],
  "653122": ["疏勒县", "Shule County"],
  "653123": ["英吉沙县", "Yengisar County"],
  "653124": ["泽普县", "Poskam County"],
  "653125": ["莎车县", "Yarkant County"],
  "653126": ["叶城县", "Kargilik County"],
  "653127": ["麦盖提县", "Makit County"],
  "653128": ["岳普湖县", "Yopurga County"],
  "653129": ["伽师县", "Payzawat County"],
  "653130": ["巴楚县", "Maralbexi County"],
  "653131": ["塔什库尔干塔吉克自治县", "Taxkorgan Tajik Autonomous County"],
  // 和田地区 Hotan
  "653201": ["和田市", "Hotan City"],
  "653221": ["和田县", "Hotan County"],
  "653222": ["墨玉县", "Karakax County"],
  "653223": ["皮山县", "Guma County"],
  "653224": ["洛浦县", "Lop County"],
  "653225": ["策勒县", "Qira County"],
  "653226": ["于田县", "Keriya County"],
  "653227": ["民丰县", "Niya County"],
  // 伊犁哈萨克自治州 Ili
  "654002": ["伊宁市", "Yining City"],
  "654003": ["奎屯市", "Kuytun City"],
  "654004": ["霍尔果斯市", "Khorgos City"],
  "654021": ["伊宁县", "Yining County"],
  "654022": ["察布查尔锡伯自治县", "Qapqal Xibe Autonomous County"],
  "654023": ["霍城县", "Huocheng County"],
  "654024": ["巩留县", "Tokkuztara County"],
  "654025": ["新源县", "Kunes County"],
  "654026": ["昭苏县", "Mongolkure County"],
  "654027": ["特克斯县", "Tekes County"],
  "654028": ["尼勒克县", "Nilka County"],
  // 塔城地区 Tacheng
  "654201": ["塔城市", "Tacheng City"],
  "654202": ["乌苏市", "Wusu City"],
  "654203": ["沙湾市", "Shawan City"],
  "654221": ["额敏县", "Emin County"],
  "654224": ["托里县", "Toli County"],
  "654225": ["裕民县", "Yumin County"],
  "654226": ["和布克赛尔蒙古自治县", "Hoboksar Mongol Autonomous County"],
  // 阿勒泰地区 Altay
  "654301": ["阿勒泰市", "Altay City"],
  "654321": ["布尔津县", "Burqin County"],
  "654322": ["富蕴县", "Koktokay County"],
  "654323": ["福海县", "Burultokay County"],
  "654324": ["哈巴河县", "Kaba County"],
  "654325": ["青河县", "Qinggil County"],
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
};

/** The registration division code of an organisation: its own, else characters 3–8 of its USCC. */
export function divisionCodeOf(org: { divisionCode?: string | null; uscc?: string | null }): string | null {
  if (org.divisionCode && /^\d{6}$/.test(org.divisionCode)) return org.divisionCode;
  const fromUscc = org.uscc?.slice(2, 8);
  return fromUscc && /^\d{6}$/.test(fromUscc) ? fromUscc : null;
}

/** The county or district of a division code in Chinese and English,. */
export function countyLabels(code: string | null | undefined): string[] {
  const names = code ? COUNTIES[code] : undefined;
  if (!names) return [];
  const [zh, en] = names;
  return [zh, en];
}

export const countyCodes = (): string[] => Object.keys(COUNTIES);
