/**
 * The stage forms name their fields flat (`partyName`, `fine`, `areaM2`) while the API bodies nest
 * them (`party.name`, `penalty.fine`, `facts.areaM2`, `files[0]`): an error the server names by its
 * body path is shown under the form field that holds the value.
 */
const PARTY: Record<string, string> = { kind: 'partyKind', name: 'partyName', idNumber: 'idNumber', address: 'address' };
const RENAMED: Record<string, Record<string, string>> = {
  // POST …/hearing takes `summary`; the form calls the field `text`.
  hearing: { summary: 'text' },
};

export function formField(action: string, apiField: string): string {
  const [head = '', sub] = apiField.replace(/\[\d+\]/g, '').split('.');
  if (head === 'party') return (sub && PARTY[sub]) ?? 'partyName';
  if (head === 'facts' || head === 'measures') return sub === 'croplandM2' ? 'areaM2' : sub ?? head;
  if (head === 'penalty') return !sub || sub === 'other' ? 'fine' : sub;
  return RENAMED[action]?.[head] ?? head;
}
