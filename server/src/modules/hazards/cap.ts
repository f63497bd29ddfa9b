/**
 * CAP 1.2 (OASIS Common Alerting Protocol) for the meteorological risk warnings, and the Atom
 * feed that lists them (as SAMBRO and the WMO alert hubs publish). Element order follows the
 * CAP 1.2 schema: alert (identifier, sender, sent, status, msgType, scope, note?, references?,
 * info); info (language, category, event, responseType, urgency, severity, certainty,
 * effective, expires, senderName, headline, description, instruction, web, parameter, area);
 * area (areaDesc, polygon, geocode). Times are `YYYY-MM-DDThh:mm:ss+08:00` (no fraction, no Z).
 */

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
export const SENDER = 'gtzy.sunland.gov.cn';

const LEVEL_CAP: Record<number, { severity: string; urgency: string; response: string; colour: string; zh: string }> = {
  1: { severity: 'Extreme', urgency: 'Immediate', response: 'Evacuate', colour: '红色', zh: '一级' },
  2: { severity: 'Severe', urgency: 'Immediate', response: 'Prepare', colour: '橙色', zh: '二级' },
  3: { severity: 'Moderate', urgency: 'Expected', response: 'Prepare', colour: '黄色', zh: '三级' },
  4: { severity: 'Minor', urgency: 'Expected', response: 'Monitor', colour: '蓝色', zh: '四级' },
};
export const levelName = (level: number) => `${LEVEL_CAP[level]!.zh}（${LEVEL_CAP[level]!.colour}）`;

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** 2026-07-05T14:00:00+08:00 (China Standard Time, as CAP wants: no fraction, explicit offset). */
export function capTime(d: Date): string {
  const cst = new Date(d.getTime() + 8 * 3600_000);
  return `${cst.toISOString().slice(0, 19)}+08:00`;
}

export interface CapWarning {
  warningNo: string; drill: boolean; level: number; headline: string; advice: string; areaDesc: string;
  areaTownships: string[]; areaPolygon: { type: 'Polygon'; coordinates: number[][][] } | null;
  validFrom: Date; validTo: Date; publishedAt: Date; senderName: string; cancelled?: { at: Date } | null;
}

export const capIdentifier = (warningNo: string) => `${SENDER}.hazards.${warningNo}`;

export function capXml(w: CapWarning, webUrl: string): string {
  const l = LEVEL_CAP[w.level]!;
  const sent = w.cancelled ? w.cancelled.at : w.publishedAt;
  const polygon = w.areaPolygon
    ? `      <polygon>${w.areaPolygon.coordinates[0]!.map(([lon, lat]) => `${lat},${lon}`).join(' ')}</polygon>\n` : '';
  const geocodes = w.areaTownships.map((c) => `      <geocode><valueName>GB/T 2260</valueName><value>${esc(c)}</value></geocode>\n`).join('');
  const references = w.cancelled ? `  <references>${SENDER},${capIdentifier(w.warningNo)},${capTime(w.publishedAt)}</references>\n` : '';
  const id = w.cancelled ? `${capIdentifier(w.warningNo)}.cancel` : capIdentifier(w.warningNo);
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${CAP_NS}">
  <identifier>${esc(id)}</identifier>
  <sender>${SENDER}</sender>
  <sent>${capTime(sent)}</sent>
  <status>${w.drill ? 'Exercise' : 'Actual'}</status>
  <msgType>${w.cancelled ? 'Cancel' : 'Alert'}</msgType>
  <scope>Public</scope>
${w.drill ? '  <note>演练 (drill): not a real warning</note>\n' : ''}${references}  <info>
    <language>zh-CN</language>
    <category>Geo</category>
    <event>地质灾害气象风险预警</event>
    <responseType>${l.response}</responseType>
    <urgency>${l.urgency}</urgency>
    <severity>${l.severity}</severity>
    <certainty>Likely</certainty>
    <effective>${capTime(w.validFrom)}</effective>
    <expires>${capTime(w.validTo)}</expires>
    <senderName>${esc(w.senderName)}</senderName>
    <headline>${esc(`${w.drill ? '【演练】' : ''}${w.headline}`)}</headline>
    <description>${esc(`地质灾害气象风险${levelName(w.level)}预警。预警区域：${w.areaDesc}。`)}</description>
    <instruction>${esc(w.advice)}</instruction>
    <web>${esc(webUrl)}</web>
    <parameter><valueName>预警级别</valueName><value>${levelName(w.level)}</value></parameter>
    <area>
      <areaDesc>${esc(w.areaDesc)}</areaDesc>
${polygon}${geocodes}    </area>
  </info>
</alert>
`;
}

export function atomFeed(base: string, entries: { warningNo: string; headline: string; level: number; areaDesc: string; updated: Date; cancelled: boolean }[]): string {
  const updated = entries[0]?.updated ?? new Date(0);
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${esc(`${base}/cap/feed.atom`)}</id>
  <title>地质灾害气象风险预警 (CAP 1.2)</title>
  <updated>${updated.toISOString()}</updated>
  <author><name>${SENDER}</name></author>
  <link rel="self" href="${esc(`${base}/cap/feed.atom`)}"/>
${entries.map((e) => `  <entry>
    <id>${esc(`urn:cap:${capIdentifier(e.warningNo)}${e.cancelled ? '.cancel' : ''}`)}</id>
    <title>${esc(`${e.cancelled ? '【解除】' : ''}${e.headline}`)}</title>
    <updated>${e.updated.toISOString()}</updated>
    <summary>${esc(`${levelName(e.level)}：${e.areaDesc}`)}</summary>
    <link rel="alternate" type="application/cap+xml" href="${esc(`${base}/cap/warnings/${e.warningNo}.xml`)}"/>
  </entry>
`).join('')}</feed>
`;
}
