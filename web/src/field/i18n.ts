/**
 * The field app's strings (zh-CN default, en-US complete). Kept apart from the workbench's
 * locale files so that the app stays small on a phone; the language choice is shared
 * (localStorage `sunland.lang`, see web/src/app/language.ts).
 */
import { storedLanguage, rememberLanguage, type Language } from '../app/language.ts';
import type { Form, QueuedRecord } from './store.ts';

const zhCN = {
  appTitle: '外业核查',
  appSubtitle: '阳光国土 · 离线核查',
  online: '在线',
  offline: '离线',
  download: '下载核查任务',
  downloading: '正在下载…',
  downloadedAt: '任务下载于 {{time}}',
  notDownloaded: '尚未下载核查任务。请在有网络时下载，之后可离线使用。',
  assignments: '核查任务',
  noAssignments: '没有分配给您的核查任务。',
  due: '期限 {{date}}',
  back: '返回任务列表',
  details: '核查要点',
  position: '当前位置',
  noPosition: '尚未定位',
  accuracy: '精度 ±{{m}} 米',
  distance: '距核查对象 {{d}}',
  inside: '位于核查对象范围内',
  heading: '方位 {{deg}}°',
  map: '位置示意图：灰色为核查对象，蓝点为当前位置',
  photos: '现场照片',
  takePhoto: '拍照',
  photoFar: '超出 {{m}} 米',
  removePhoto: '删除照片',
  photoAlt: '现场照片 {{n}}：{{time}}',
  form: '核查内容',
  yes: '是',
  no: '否',
  choose: '请选择',
  required: '必填',
  signature: '核查人签名',
  clearSignature: '重签',
  signHere: '请在此处签名',
  save: '保存并排队同步',
  saved: '已保存，将在联网后同步。',
  missing: '请填写：{{fields}}',
  needPhoto: '请至少拍摄一张现场照片。',
  needSignature: '请签名。',
  queue: '待同步记录',
  queueEmpty: '没有待同步的记录。',
  syncNow: '立即同步',
  syncing: '正在同步…',
  state_queued: '待同步',
  state_syncing: '同步中',
  state_synced: '已同步',
  state_conflict: '冲突',
  state_error: '被退回',
  conflictText: '办公室在您下载后修改了该核查对象（当前版本 {{version}}）。请核对最新要求后重新提交。',
  resubmit: '按最新版本重新提交',
  syncedAt: '已于 {{time}} 同步',
  loginNeeded: '登录已过期：请重新登录后同步（记录已保存在本机）。',
  login: '登录',
  notLoggedIn: '请先登录工作人员账号（需联网）。',
  signedInAs: '{{name}}',
  cachedSession: '离线使用已缓存的登录信息',
  language: 'English',
  install: '可添加到主屏幕，离线使用',
};

export type FieldMessages = typeof zhCN;

const enUS: FieldMessages = {
  appTitle: 'Field verification',
  appSubtitle: 'Sunland · offline field checks',
  online: 'Online',
  offline: 'Offline',
  download: 'Download assignments',
  downloading: 'Downloading…',
  downloadedAt: 'Assignments downloaded {{time}}',
  notDownloaded: 'No assignments downloaded yet. Download them while online; the app then works offline.',
  assignments: 'Assignments',
  noAssignments: 'No assignments for you.',
  due: 'Due {{date}}',
  back: 'Back to assignments',
  details: 'What to check',
  position: 'Your position',
  noPosition: 'No position yet',
  accuracy: '±{{m}} m',
  distance: '{{d}} from the subject',
  inside: 'Inside the subject',
  heading: 'Heading {{deg}}°',
  map: 'Sketch: the subject in grey, your position as the blue dot',
  photos: 'Photos',
  takePhoto: 'Take photo',
  photoFar: 'Beyond {{m}} m',
  removePhoto: 'Remove photo',
  photoAlt: 'Photo {{n}}: {{time}}',
  form: 'Findings',
  yes: 'Yes',
  no: 'No',
  choose: 'Choose',
  required: 'required',
  signature: 'Inspector\'s signature',
  clearSignature: 'Sign again',
  signHere: 'Sign here',
  save: 'Save and queue for sync',
  saved: 'Saved; it syncs when the network returns.',
  missing: 'Please fill in: {{fields}}',
  needPhoto: 'Take at least one photo on site.',
  needSignature: 'Please sign.',
  queue: 'Records to sync',
  queueEmpty: 'Nothing waiting to sync.',
  syncNow: 'Sync now',
  syncing: 'Syncing…',
  state_queued: 'Queued',
  state_syncing: 'Syncing',
  state_synced: 'Synced',
  state_conflict: 'Conflict',
  state_error: 'Refused',
  conflictText: 'The office changed this subject after you downloaded it (now version {{version}}). Check the latest details, then submit again.',
  resubmit: 'Submit on the latest version',
  syncedAt: 'Synced {{time}}',
  loginNeeded: 'Your session ended: log in again to sync (the records are kept on this phone).',
  login: 'Log in',
  notLoggedIn: 'Log in with your staff account first (needs the network).',
  signedInAs: '{{name}}',
  cachedSession: 'Offline with the cached login',
  language: '中文',
  install: 'Add it to the home screen to use it offline',
};

const MESSAGES: Record<Language, FieldMessages> = { 'zh-CN': zhCN, 'en-US': enUS };
export { MESSAGES as FIELD_MESSAGES };

export function fieldLanguage(): Language {
  return storedLanguage();
}

export function switchLanguage(lang: Language): void {
  rememberLanguage(lang);
}

export function translate(lang: Language, key: keyof FieldMessages, vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

/**
 * Why the server refused a record: on a Chinese screen, the field's label and the server's Chinese
 * reason (`reasonZh`) when it gave one; otherwise the server's message as it is.
 */
export function problemText(r: Pick<QueuedRecord, 'error' | 'errorField' | 'errorZh'>, lang: Language, form: Form | undefined): string {
  if (lang !== 'zh-CN' || !r.errorZh) return r.error ?? '';
  const label = form?.fields.find((f) => r.errorField === `values.${f.name}`)?.label[lang];
  return label ? `${label}：${r.errorZh}` : r.errorZh;
}
