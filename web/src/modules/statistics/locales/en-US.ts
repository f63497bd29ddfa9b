/** English strings of the statistics pages; the same keys as zh-CN.ts. */
const enUS = {
  form: 'Form',
  period: 'Period',
  by: 'Roll up by',
  unit: 'Reporting unit',
  tableNo: 'Form no.',
  authority: 'Issued by',
  approvalNo: 'Approval no.',
  validUntil: 'Valid until',
  window: 'Window',
  reopenedUntil: 'reopened until {{date}}',
  levels: { province: 'Province', city: 'City', county: 'County' },
  status: { draft: 'Being filled in', submitted: 'Submitted, awaiting review', returned: 'Returned', accepted: 'Accepted' },
  events: { submitted: 'Submitted', returned: 'Returned', accepted: 'Accepted', reopened: 'Reopened' },
  grid: {
    indicator: 'Indicator', code: 'Code', unit: 'Unit', cell: 'Cell', blank: 'Not filled',
    derived: 'From another module ({{source}})',
  },
  checks: {
    // A cell of another period in the check report (FormGrid.tsx CheckList): lastyear:01.2 → last year 01.2.
    periods: { lastyear: 'same period last year', prev: 'previous period' },
    title: 'Check report', none: 'All checks pass.', hard: 'Hard error', soft: 'Soft warning', explanation: 'Explanation',
  },
  fill: {
    title: 'Fill in reports', open: 'Open', saving: 'Saving…', saved: 'Saved automatically', submitted: 'Submitted; the level above reviews it now.',
    locked: 'The window closed on {{date}} and the data are locked. Ask the level above to reopen it.',
    returned: 'Returned by {{by}}: check and correct, then submit again.',
    responsiblePerson: 'Unit head', statistician: 'Statistician', phone: 'Phone', submit: 'Check and submit',
  },
  excel: {
    template: 'Download blank template', filled: 'Download with values', upload: 'Upload Excel (dry run first)', import: 'Import',
    dryOk: 'Dry run passed: {{count}} cells can be imported.', dryErrors: 'The dry run found {{count}} errors; nothing was imported:',
    imported: '{{count}} cells imported.', sheet: 'Sheet', address: 'Cell', message: 'Error',
  },
  review: {
    title: 'Review reports', status: 'Status', revision: 'Submissions', submittedAt: 'Submitted at',
    readOnly: 'The level above reviews, comments and returns; it never fills in or changes the unit\'s data.',
    clickCell: 'Click a cell of the form to comment on it.', cellComment: 'Comment on cell {{cell}}', comment: 'Review comment',
    accept: 'Accept', return: 'Return', acceptedMsg: 'Accepted.', returnedMsg: 'Returned to the reporting unit.',
    diff: 'Changes between submission {{from}} and {{to}}', before: 'Before', after: 'After',
    signedBy: 'Unit head: {{head}}   Statistician: {{stat}}', history: 'History',
  },
  rollup: {
    title: 'Roll-ups', submitted: 'Submitted (incl. under review)', acceptedOnly: 'Accepted only', total: 'Total ({{units}} units)',
    caption: 'Roll-up of {{period}}', byArea: 'By area', area: 'Area', units: 'Units', none: 'Nothing has been submitted for this period yet.',
  },
  completeness: {
    title: 'Completeness', export: 'Export to Excel', summary: 'Deadline {{due}}   completeness {{rate}}   timeliness {{timely}}',
    expected: 'Expected', submitted: 'Submitted', onTime: 'On time', accepted: 'Accepted', rate: 'Completeness', timeliness: 'Timeliness', total: 'Total',
    chart: 'Units expected, submitted, on time and accepted per area', overdue: 'Overdue ({{count}})', division: 'Division code',
    reopen: 'Reopen', reason: 'Reason for reopening', reopened: 'Reopened until {{date}}.',
  },
  todos: {
    due: 'Statistical reports to fill', dueSoon: 'Statistical reports due soon', overdue: 'Statistical reports overdue', returned: 'Statistical reports returned for correction', review: 'Statistical reports to review',
  },
};
export default enUS;
