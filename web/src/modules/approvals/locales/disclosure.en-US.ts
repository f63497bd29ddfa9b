/** Strings of the public disclosure page (published decisions). */
const disclosure = {
  title: 'Published decisions',
  intro: 'Decisions on applications are public by law. Individual applicants are shown by surname only; ID numbers and phone numbers are never published.',
  search: 'Case number, matter, applicant or document number',
  matterCode: 'Matter code',
  dateRange: 'Decided on',
  caseNo: 'Case number',
  matter: 'Matter',
  applicant: 'Applicant',
  decision: 'Decision',
  decisions: { granted: 'Granted', denied: 'Denied' },
  decidedAt: 'Decided on',
  org: 'Authority',
  documentNo: 'Decision document',
  empty: 'Nothing published yet',
  portalLink: 'Published decisions',
};

export default disclosure;
