/**
 * 主动公开 categories of the 政府信息公开条例 (2019, art. 19–20) as a land and resources bureau
 * lists them, with the category code printed in the 索引号. The ordering is the directory's.
 */
export const CATEGORIES = {
  JGZN: { zh: '机构职能', en: 'Functions and organisation' },
  ZCWJ: { zh: '政策文件', en: 'Policy documents' },
  GHJH: { zh: '规划计划', en: 'Plans and programmes' },
  XZXK: { zh: '行政许可结果', en: 'Administrative licensing results' },
  XZCF: { zh: '行政处罚结果', en: 'Administrative penalty results' },
  TDGY: { zh: '土地供应与出让结果', en: 'Land supply and sale results' },
  CZYJS: { zh: '财政预决算', en: 'Budgets and final accounts' },
  JYTA: { zh: '建议提案办理', en: 'Replies to deputies\' proposals' },
  QT: { zh: '其他', en: 'Other' },
} as const satisfies Record<string, { zh: string; en: string }>;
export type CategoryCode = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as CategoryCode[];
export const isCategory = (c: string): c is CategoryCode => Object.hasOwn(CATEGORIES, c);
