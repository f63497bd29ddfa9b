/**
 * The 两卡一表 of a hazard site as document bodies (platform/documents lays them out):
 * 防灾工作明白卡 for the responsible people, 防灾避险明白卡 for each threatened household,
 * 防御预案表 for the site. Their contents follow the cards in use in Guizhou: the hazard, who
 * watches it, the warning signal, where to run and who to call.
 */
import type { Selectable } from 'kysely';
import type { DocumentBody } from '../../platform/documents/index.ts';
import type { HouseholdsTable, SitePeopleTable, SitesTable } from './hazards.tables.ts';

export interface SiteForPrint {
  site: Selectable<SitesTable>;
  township: string;
  people: Selectable<SitePeopleTable>[];
  households: Selectable<HouseholdsTable>[];
}

const TYPES: Record<string, string> = {
  landslide: '滑坡', collapse: '崩塌', debris_flow: '泥石流', ground_collapse: '地面塌陷', ground_fissure: '地裂缝', ground_subsidence: '地面沉降', unstable_slope: '不稳定斜坡',
};
const SCALES: Record<string, string> = { small: '小型', medium: '中型', large: '大型', huge: '特大型' };
const STABILITY: Record<string, string> = { stable: '稳定', basically_stable: '基本稳定', unstable: '不稳定' };
const RISK: Record<string, string> = { low: '低', medium: '中', high: '高', very_high: '极高' };
const ROLES: Record<string, string> = { monitor: '监测员', village: '村级责任人', township: '乡镇责任人' };
const dash = (s: string) => (s.trim() ? s : '—');

function siteFields(p: SiteForPrint) {
  const s = p.site;
  return [
    { label: '隐患点名称', value: `${s.name}（${s.siteNo}）` },
    { label: '灾害类型及规模', value: `${TYPES[s.hazardType]}，${SCALES[s.scale]}${s.volumeM3 ? `，约${s.volumeM3}立方米` : ''}` },
    { label: '地理位置', value: `${p.township}${s.location}（东经${s.lon.toFixed(5)}°，北纬${s.lat.toFixed(5)}°）` },
    { label: '稳定性及险情等级', value: `${STABILITY[s.stability]}；险情等级${RISK[s.riskLevel]}` },
    { label: '威胁对象', value: `${s.threatenedHouseholds}户${s.threatenedPeople}人，财产约${Number(s.threatenedProperty)}万元` },
  ];
}

function peopleRows(p: SiteForPrint) {
  return p.people.map((x) => [ROLES[x.role] ?? x.role, x.name, x.phone]);
}

export function workCardBody(p: SiteForPrint): DocumentBody {
  const s = p.site;
  return {
    paragraphs: ['本卡由县级自然资源主管部门发放给隐患点监测人员和防灾责任人，请妥善保存，汛期随身携带。'],
    fields: [
      ...siteFields(p),
      { label: '监测方法及频次', value: '群测群防人工巡查与专业监测相结合；汛期每日巡查，降雨期间加密巡查' },
      { label: '预警信号', value: dash(s.warningSignal) },
      { label: '撤离路线', value: dash(s.evacuationRoute) },
      { label: '避险场所', value: dash(s.shelter) },
      { label: '防治措施', value: dash(s.measures) },
    ],
    table: { caption: '群测群防责任人', columns: ['职责', '姓名', '联系电话'], widths: [2, 2, 3], rows: peopleRows(p) },
    closing: ['发现裂缝加宽、房屋变形、井水浑浊、异常声响等前兆，立即报告并组织撤离。'],
  };
}

export function avoidCardBody(p: SiteForPrint, h: Selectable<HouseholdsTable>): DocumentBody {
  const s = p.site;
  const monitor = p.people.find((x) => x.role === 'monitor');
  return {
    recipient: `${h.headName}户`,
    paragraphs: [`您家位于${TYPES[s.hazardType]}隐患点“${s.name}”的威胁范围内。听到预警信号或发现险情时，请按下列路线立即撤离到避险场所，不要返回取物。`],
    fields: [
      { label: '户主及人数', value: `${h.headName}，家庭人数${h.members}人` },
      { label: '住址', value: h.address },
      { label: '隐患点', value: `${s.name}（${s.siteNo}），${TYPES[s.hazardType]}，险情等级${RISK[s.riskLevel]}` },
      { label: '预警信号', value: dash(s.warningSignal) },
      { label: '撤离路线', value: dash(s.evacuationRoute) },
      { label: '避险场所', value: dash(s.shelter) },
      { label: '监测员及电话', value: monitor ? `${monitor.name} ${monitor.phone}` : '—' },
    ],
    table: { caption: '联系人', columns: ['职责', '姓名', '联系电话'], widths: [2, 2, 3], rows: peopleRows(p) },
    closing: ['本卡由乡镇人民政府发放至受威胁户，请张贴在家中醒目位置。'],
  };
}

export function planBody(p: SiteForPrint): DocumentBody {
  const s = p.site;
  return {
    paragraphs: [`为防范${s.name}隐患点（${s.siteNo}）可能发生的${TYPES[s.hazardType]}灾害，保护受威胁群众生命财产安全，制定本防御预案。`],
    fields: [
      ...siteFields(p),
      { label: '预警信号及发布人', value: `${dash(s.warningSignal)}；由监测员或村级责任人发布` },
      { label: '人员撤离路线', value: dash(s.evacuationRoute) },
      { label: '避险场所', value: dash(s.shelter) },
      { label: '防治措施', value: dash(s.measures) },
    ],
    tables: [
      { caption: '群测群防责任人', columns: ['职责', '姓名', '联系电话'], widths: [2, 2, 3], rows: peopleRows(p) },
      { caption: '受威胁户', columns: ['户主', '人数', '联系电话', '住址'], widths: [2, 1, 2, 4], rows: p.households.map((h) => [h.headName, String(h.members), h.phone ?? '—', h.address]) },
    ],
    closing: ['本表一式三份，乡镇人民政府、村委会、监测员各执一份。'],
  };
}
