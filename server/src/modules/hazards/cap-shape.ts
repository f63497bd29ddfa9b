/**
 * Checks a CAP 1.2 message against the structure of the OASIS CAP 1.2 schema (element order,
 * cardinality, enumerations, dateTime form) — the checks an XSD validator would make, without
 * one on the machine. Returns the problems found ([] = conforms). Used by the tests.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { CAP_NS } from './cap.ts';

type Spec = [name: string, min: number, max: number, values?: readonly string[]][];
const DT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;
const ALERT: Spec = [
  ['identifier', 1, 1], ['sender', 1, 1], ['sent', 1, 1], ['status', 1, 1, ['Actual', 'Exercise', 'System', 'Test', 'Draft']],
  ['msgType', 1, 1, ['Alert', 'Update', 'Cancel', 'Ack', 'Error']], ['source', 0, 1], ['scope', 1, 1, ['Public', 'Restricted', 'Private']],
  ['restriction', 0, 1], ['addresses', 0, 1], ['code', 0, 99], ['note', 0, 1], ['references', 0, 1], ['incidents', 0, 1], ['info', 0, 99],
];
const INFO: Spec = [
  ['language', 0, 1], ['category', 1, 99, ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other']],
  ['event', 1, 1], ['responseType', 0, 99, ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None']],
  ['urgency', 1, 1, ['Immediate', 'Expected', 'Future', 'Past', 'Unknown']], ['severity', 1, 1, ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']],
  ['certainty', 1, 1, ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown']], ['audience', 0, 1], ['eventCode', 0, 99], ['effective', 0, 1], ['onset', 0, 1],
  ['expires', 0, 1], ['senderName', 0, 1], ['headline', 0, 1], ['description', 0, 1], ['instruction', 0, 1], ['web', 0, 1], ['contact', 0, 1],
  ['parameter', 0, 99], ['resource', 0, 99], ['area', 0, 99],
];
const AREA: Spec = [['areaDesc', 1, 1], ['polygon', 0, 99], ['circle', 0, 99], ['geocode', 0, 99], ['altitude', 0, 1], ['ceiling', 0, 1]];

function children(e: Element): Element[] {
  const out: Element[] = [];
  for (let n = e.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as Element);
  return out;
}

function checkSeq(e: Element, spec: Spec, where: string, problems: string[]) {
  const kids = children(e);
  let i = 0;
  for (const [name, min, max, values] of spec) {
    let n = 0;
    while (i < kids.length && kids[i]!.localName === name) {
      if (kids[i]!.namespaceURI !== CAP_NS) problems.push(`${where}/${name}: not in the CAP 1.2 namespace`);
      if (values && !values.includes(kids[i]!.textContent ?? '')) problems.push(`${where}/${name}: "${kids[i]!.textContent}" is not one of ${values.join(', ')}`);
      n++;
      i++;
    }
    if (n < min) problems.push(`${where}/${name}: missing`);
    if (n > max) problems.push(`${where}/${name}: at most ${max}`);
  }
  if (i < kids.length) problems.push(`${where}/${kids[i]!.localName}: unexpected here (order or unknown element)`);
}

export function capProblems(xml: string): string[] {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') problems.push(`xml: ${msg}`); } }).parseFromString(xml, 'text/xml');
  const alert = doc.documentElement;
  if (!alert || alert.localName !== 'alert' || alert.namespaceURI !== CAP_NS) return [...problems, 'root: not a CAP 1.2 alert'];
  checkSeq(alert, ALERT, 'alert', problems);
  const text = (e: Element, name: string) => children(e).find((c) => c.localName === name)?.textContent ?? '';
  if (!DT.test(text(alert, 'sent'))) problems.push('alert/sent: not a CAP dateTime');
  if (/[\s,<&]/.test(text(alert, 'identifier'))) problems.push('alert/identifier: spaces, commas and restricted characters are not allowed');
  for (const info of children(alert).filter((c) => c.localName === 'info')) {
    checkSeq(info, INFO, 'info', problems);
    for (const t of ['effective', 'onset', 'expires']) if (text(info, t) && !DT.test(text(info, t))) problems.push(`info/${t}: not a CAP dateTime`);
    for (const p of children(info).filter((c) => c.localName === 'parameter')) checkSeq(p, [['valueName', 1, 1], ['value', 1, 1]], 'info/parameter', problems);
    for (const area of children(info).filter((c) => c.localName === 'area')) {
      checkSeq(area, AREA, 'info/area', problems);
      for (const poly of children(area).filter((c) => c.localName === 'polygon')) {
        const pts = (poly.textContent ?? '').trim().split(/\s+/);
        if (pts.length < 4 || pts[0] !== pts[pts.length - 1] || !pts.every((p) => /^-?\d+(\.\d+)?,-?\d+(\.\d+)?$/.test(p))) problems.push('info/area/polygon: four or more closed "lat,lon" pairs');
      }
      for (const g of children(area).filter((c) => c.localName === 'geocode')) checkSeq(g, [['valueName', 1, 1], ['value', 1, 1]], 'info/area/geocode', problems);
    }
  }
  return problems;
}
