/**
 * Personal data removed before a letter is published (隐去个人信息): the writer's name, mobile and
 * landline numbers, ID card numbers, e-mail addresses. Applied to whatever the staff publish, so an
 * edit cannot put them back.
 */
const PATTERNS: [RegExp, string][] = [
  [/[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]/g, '［身份证号已隐去］'],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, '［电话已隐去］'],
  [/(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g, '［电话已隐去］'],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '［邮箱已隐去］'],
];

export function maskPersonalData(text: string, names: readonly string[] = []): string {
  let out = text;
  for (const [re, by] of PATTERNS) out = out.replace(re, by);
  for (const n of names.map((x) => x.trim()).filter((x) => x.length >= 2).sort((a, b) => b.length - a.length)) out = out.split(n).join('来信人');
  // A two-character name's surname alone (王先生, 王女士) is also the writer.
  for (const n of names.map((x) => x.trim()).filter((x) => x.length >= 2)) out = out.replace(new RegExp(`${n[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(先生|女士|同志)`, 'g'), '来信人');
  return out;
}
