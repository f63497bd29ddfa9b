/**
 * Schema errors in the page's language: the server's field error (its zod issue and limits,
 * platform/http/server.ts) becomes text naming the field by its label, in zh-CN and en-US,
 * never the server's English ("footer.siteCode: 10 digits").
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import i18next, { type TFunction } from 'i18next';
import { resources } from './resources.ts';
import { ApiError } from './api.ts';
import { errorText } from './errors.ts';
import { currentLanguage, rememberLanguage, type Language } from './language.ts';

const before = currentLanguage();
after(() => rememberLanguage(before));

async function tIn(lng: Language): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({ resources, lng, fallbackLng: 'zh-CN', interpolation: { escapeValue: false }, returnNull: false });
  rememberLanguage(lng);
  return i.t;
}

/** The error the server sends for a zod issue on `field` (details as toErrorResponse sends them). */
const zodError = (field: string, serverReason: string, details: Record<string, unknown>) =>
  new ApiError(400, 'validation.failed', `${field}: ${serverReason}`, field, details);

const siteCode = zodError('footer.siteCode', '10 digits', { issue: 'invalid_format', origin: 'string', format: 'regex', pattern: '/^\\d{10}$/' });
const labels = (map: Record<string, string>) => (field: string) => map[field];

describe('schema errors in the page\'s language', () => {
  it('zh-CN: names the field by its label on the page and says the rule in Chinese', async () => {
    const t = await tIn('zh-CN');
    assert.equal(errorText(t, siteCode, labels({ 'footer.siteCode': '网站标识码' })), '网站标识码：应为10位数字');
    // Without the form, the shared label list names the field.
    assert.equal(errorText(t, siteCode), '网站标识码：应为10位数字');
    assert.equal(errorText(t, zodError('name', 'Invalid input: expected string, received undefined', { issue: 'invalid_type', expected: 'string', missing: true })), '名称：必须填写');
    assert.equal(errorText(t, zodError('title', 'Too big: expected string to have <=100 characters', { issue: 'too_big', origin: 'string', maximum: 100, inclusive: true })), '标题：不能超过100个字符');
    assert.equal(errorText(t, zodError('areaM2', 'Too small: expected number to be >0', { issue: 'too_small', origin: 'number', minimum: 0, inclusive: false })), '面积（平方米）：应大于0');
    assert.equal(errorText(t, zodError('year', 'Invalid input: expected number, received string', { issue: 'invalid_type', expected: 'number' })), '年度：应为数字');
    assert.equal(errorText(t, zodError('divisionCode', 'Invalid string', { issue: 'invalid_format', format: 'regex', pattern: '/^\\d{6}(\\d{3})?$/' })), '行政区划代码：应为6位或9位数字');
    assert.equal(errorText(t, zodError('dueOn', 'YYYY-MM-DD', { issue: 'invalid_format', format: 'regex', pattern: '/^\\d{4}-\\d{2}-\\d{2}$/' })), '期限：应为日期（年-月-日，如 2026-12-06）');
    assert.equal(errorText(t, zodError('files', 'Too small: expected array to have >=1 items', { issue: 'too_small', origin: 'array', minimum: 1, inclusive: true })), '附件：至少选择一项');
    assert.equal(errorText(t, zodError('email', 'Invalid email address', { issue: 'invalid_format', format: 'email' })), '电子邮箱：应为有效的电子邮箱地址');
    assert.equal(errorText(t, zodError('kind', 'Invalid option: expected one of "a"|"b"', { issue: 'invalid_value' })), '类型：不是可选的值');
  });

  it('en-US: the same errors in English, with the page\'s label', async () => {
    const t = await tIn('en-US');
    assert.equal(errorText(t, siteCode, labels({ 'footer.siteCode': 'Site code' })), 'Site code: must be 10 digits');
    assert.equal(errorText(t, siteCode), 'Website identifier: must be 10 digits');
    assert.equal(errorText(t, zodError('name', 'Invalid input: expected string, received undefined', { issue: 'invalid_type', expected: 'string', missing: true })), 'Name: is required');
    assert.equal(errorText(t, zodError('title', 'Too big', { issue: 'too_big', origin: 'string', maximum: 100, inclusive: true })), 'Title: must be at most 100 characters');
    assert.equal(errorText(t, zodError('code', 'Too small', { issue: 'too_small', origin: 'string', minimum: 2, inclusive: true })), 'Code: must be at least 2 characters');
    assert.equal(errorText(t, zodError('code', 'Too small', { issue: 'too_small', origin: 'string', minimum: 4, inclusive: true, exact: true })), 'Code: must be exactly 4 characters');
    assert.equal(errorText(t, zodError('year', 'Too big', { issue: 'too_big', origin: 'number', maximum: 2200, inclusive: true })), 'Year: must be at most 2200');
  });

  it('a field the page has no label for: the rule alone, in the page\'s language, never the English path', async () => {
    const zh = await tIn('zh-CN');
    const text = errorText(zh, zodError('stageDays.review', 'Too big', { issue: 'too_big', origin: 'number', maximum: 365, inclusive: true }));
    assert.equal(text, '填写有误：不能大于365');
    // The whole body (a schema error at its root) is no form field: no label.
    assert.equal(errorText(zh, zodError('body', 'Invalid input: expected object, received array', { issue: 'invalid_type', expected: 'object' })), '填写有误，请检查后重试。');
    const en = await tIn('en-US');
    assert.equal(errorText(en, zodError('stageDays.review', 'Too big', { issue: 'too_big', origin: 'number', maximum: 365, inclusive: true })), 'Please check your input: must be at most 365');
  });

  it('a service\'s own check (no issue facts): English prose only on the English page', async () => {
    const own = new ApiError(400, 'validation.failed', 'recordedOn: cannot be in the future', 'recordedOn', {});
    const zh = await tIn('zh-CN');
    assert.equal(errorText(zh, own, labels({ recordedOn: '记录日期' })), '记录日期：填写有误');
    assert.doesNotMatch(errorText(zh, own), /[A-Za-z]/);
    const en = await tIn('en-US');
    assert.equal(errorText(en, own, labels({ recordedOn: 'Recorded on' })), 'Recorded on: cannot be in the future');
    // A reason the server already wrote in Chinese is kept.
    const zhReason = new ApiError(400, 'validation.failed', 'reason: 核销须说明理由', 'reason', {});
    assert.equal(errorText(zh, zhReason), '理由：核销须说明理由');
  });

  it('a service\'s check with its Chinese twin (details.reasonZh): the Chinese reason on a Chinese page, the English on an English one', async () => {
    const twin = new ApiError(400, 'validation.failed', 'observedOn: must not be after today', 'observedOn', { reasonZh: '不能晚于今天' });
    const zh = await tIn('zh-CN');
    assert.equal(errorText(zh, twin, labels({ observedOn: '发现日期' })), '发现日期：不能晚于今天');
    assert.equal(errorText(zh, twin), '填写有误：不能晚于今天');
    const en = await tIn('en-US');
    assert.equal(errorText(en, twin, labels({ observedOn: 'Observed on' })), 'Observed on: must not be after today');
  });

  it('other codes keep their own messages', async () => {
    const zh = await tIn('zh-CN');
    assert.equal(errorText(zh, new ApiError(404, 'not_found', 'no route', undefined, {})), '请求的内容不存在。');
  });

  it('another code with a service\'s own reason (an unreadable archive): the code\'s sentence, then the reason', async () => {
    const archive = new ApiError(400, 'files.archive_invalid', 'file: parcels.shp: encrypted entries are not accepted', 'file', { reasonZh: 'parcels.shp：不接受加密的文件' });
    const zh = await tIn('zh-CN');
    assert.equal(errorText(zh, archive), '压缩包无法读取：parcels.shp：不接受加密的文件');
    const en = await tIn('en-US');
    assert.equal(errorText(en, archive), 'The archive cannot be read: parcels.shp: encrypted entries are not accepted');
  });
});
