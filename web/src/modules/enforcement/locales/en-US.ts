/** English strings of the enforcement module. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const enUS: Messages<typeof zhCN> = {
  nav: { cases: 'Enforcement cases', statistics: 'Enforcement figures', settings: 'Settings and discretion baselines' },
  statuses: {
    proposed: 'Awaiting filing approval', investigating: 'Investigation', reviewing: 'Legal review', reviewed: 'Reviewed (notice next)', notified: 'Notified (decision next)',
    hearing: 'Hearing', decided: 'Penalty decided', executing: 'Execution', closed: 'Closed', not_filed: 'Not filed', transferred: 'Transferred',
  },
  stages: { filing: 'Filing', investigation: 'Investigation', review: 'Legal review', notice: 'Notice', decision: 'Decision', execution: 'Execution', closing: 'Closing' },
  kinds: {
    illegal_occupation: 'Illegal occupation of land', illegal_transfer: 'Illegal transfer of land', villager_house: 'Villager house built on land without approval',
    illegal_mining: 'Illegal mining', cross_boundary_mining: 'Mining beyond the licensed boundary',
  },
  sources: { tipoff: 'Tip-off', patch: 'Satellite patch', inspection: 'Inspection', transfer: 'Transfer from another authority', manual: 'Other' },
  records: { inquiry: 'Inquiry record', site: 'Site inspection record', measurement: 'Measurement', photo: 'Photos', field: 'Field record', execution: 'Execution evidence', other: 'Other' },
  list: {
    title: 'Enforcement case ledger', search: 'Case number, title, party', status: 'Status', warn: 'Warning', caseNo: 'Case number', caseTitle: 'Case', party: 'Party', stage: 'Stage',
    due: 'Stage due', fine: 'Fine (CNY)', open: 'New case', empty: 'No cases',
  },
  detail: {
    title: 'Case', summary: 'Facts', sources: 'Sources', records: 'Investigation records', documents: 'Documents', events: 'History', stagesTitle: 'Stage limits',
    proposal: 'Discretion proposal', reviewRequired: 'Legal review required', hearingEligible: 'Hearing may be requested', defenceDue: 'Defence until', hearingDue: 'Hearing request until',
    decisionDue: 'Decision due (90 days after filing)', disclosure: 'Disclosure', finePaid: 'Fine paid', demolished: 'Demolished (m²)', returned: 'Land returned (m²)',
    court: 'Court enforcement applied', paused: 'Hearing: the clock is stopped', yes: 'Yes', no: 'No',
    refresh: 'Refresh',
  },
  actions: {
    title: 'Actions', file: 'Approve filing', notFile: 'Do not file', transfer: 'Transfer', record: 'Add record', propose: 'Penalty proposal (calculator)', submitReview: 'Submit for legal review',
    review: 'Legal review', notice: 'Serve the notice', defence: 'Record the defence', hearingRequest: 'Record a hearing request', hearing: 'Record the hearing', decide: 'Decide the penalty',
    execution: 'Record execution', court: 'Apply to the court', close: 'Approve closing', disclosure: 'Changed or withdrawn on review', submit: 'Submit', done: 'Done',
  },
  fields: {
    opinion: 'Opinion', reason: 'Reason', to: 'Transferred to', kind: 'Kind', recordedOn: 'Date', recordTitle: 'Title', content: 'Text', files: 'Photos or files',
    violationKind: 'Violation', areaM2: 'Area (m²)', landClass: 'Land class', fitsPlan: 'Fits the plan', rectified: 'Rectified in time', basicFarmland: 'Permanent basic farmland (m²)',
    illegalGains: 'Illegal gains (CNY)', mineralValue: 'Value of minerals (CNY)', partyKind: 'Party kind', partyName: 'Party', idNumber: 'ID number / credit code', address: 'Address',
    fine: 'Fine (CNY)', confiscate: 'Confiscate', demolish: 'Demolish', restore: 'Restore / return the land', departureReason: 'Reason for departing from the band', approve: 'Conclusion',
    approveYes: 'Approve', approveNo: 'Return for more investigation', approveDeparture: 'Approve the departure from the band', servedOn: 'Served on', text: 'Statement',
    requestedOn: 'Requested on', heldOn: 'Held on', legalBasis: 'Legal basis', finePaid: 'Fine paid now (CNY)', demolishedM2: 'Demolished now (m²)', landReturnedM2: 'Land returned now (m²)',
    confiscated: 'Confiscated', complete: 'Execution complete', note: 'Note', appliedOn: 'Applied on', court: 'Court', status: 'Result', changed: 'Changed', withdrawn: 'Withdrawn',
    person: 'Person', company: 'Company or organisation', cropland: 'Cropland', construction: 'Construction land', unused: 'Unused land', other: 'Other', sourceKind: 'Source',
    sourceRef: 'Source reference', divisionCode: 'Division code', caseTitle: 'Case title', summary: 'Facts in brief', transferringAuthority: 'Transferring authority',
  },
  calc: {
    title: 'Discretion calculator', band: 'Band', range: 'Fine range', amount: 'Proposed fine', rule: 'Rule applied', sources: 'Sources', example: 'Example baseline, figures unconfirmed',
    use: 'Use the proposed amount', outside: 'Outside the band: a reason and the legal review\'s sign-off are required',
  },
  stats: { title: 'Enforcement figures', bureau: 'Bureau', opened: 'Cases', filed: 'Filed', closed: 'Closed', open: 'Open', overdue: 'Overdue', overdueByStage: 'Overdue by stage',
    finesDecided: 'Fines decided (CNY)', finesCollected: 'Fines collected (CNY)', areaReturned: 'Land returned (m²)', demolished: 'Demolished (m²)', export: 'Export Excel',
    rectTitle: 'Rectification of illegal satellite patches', county: 'County', illegalPatches: 'Illegal patches', pending: 'Being rectified', demolishedPatches: 'Demolished, farmland restored',
    confiscated: 'Confiscated', legalised: 'Legalised', rate: 'Rectification rate', awaiting: 'Awaiting a case', to15: 'See the 15 % cropland accountability figure' },
  disclosure: {
    title: 'Administrative penalty decisions', intro: 'Penalty decisions are published by law. A person shows by surname only, never an ID number or address; decisions changed or withdrawn on review say so with the reason.',
    search: 'Case number, party, authority, document number', caseNo: 'Case number', party: 'Party', facts: 'Facts', basis: 'Legal basis', penalty: 'Penalty', authority: 'Authority',
    date: 'Decided on', documentNo: 'Decision number', status: 'Status', published: 'Published', changed: 'Changed', withdrawn: 'Withdrawn', empty: 'No penalty decisions published',
  },
  settings: {
    title: 'Enforcement settings', own: 'Settings of this bureau, version {{version}}', inherited: 'Inherited from {{from}}; saving makes them this bureau\'s own', defaults: 'System defaults; saving makes them this bureau\'s own',
    stageDays: 'Stage limits (working days)', warnDays: 'Yellow warning ahead (working days)', disclosureDays: 'Publish decisions within (working days)', thresholds: 'Legal review and hearing thresholds (CNY)',
    reviewFinePerson: 'Legal review: person, fine from', reviewFineCompany: 'Legal review: company, fine from', hearingFinePerson: 'Hearing: person, fine from', hearingFineCompany: 'Hearing: company, fine from',
    reason: 'Reason for the change', reasonRequired: 'Give the reason for the change', required: 'Required', save: 'Save', saved: 'Saved as version {{version}}', history: 'Versions', version: 'Version',
    changedAt: 'Changed at', changedBy: 'Changed by', baselines: 'Penalty discretion baselines (in force)', violation: 'Violation', bandName: 'Band', range: 'Fine range', scope: 'Applies to',
    revise: 'Revise', revised: 'Revised: a new version is in force', fineMin: 'Lowest', fineMax: 'Highest', basis_per_m2: 'CNY per m²', basis_gains_share: 'share of illegal gains, 0–1', basis_none: 'no fine', perM2: 'CNY/m²',
  },
  fieldRecords: {
    title: 'Field check records', recordedAt: 'Checked at', position: 'Position', distance: 'Distance to the subject', inside: 'Inside it', metres: '{{n}} m',
    photo: 'Site photo {{n}}', far: 'Far from the subject', heading: 'Heading {{deg}}°', signature: 'Inspector\'s signature',
  },
  todos: {
    file: 'Enforcement cases awaiting filing approval', decide: 'Enforcement cases awaiting a decision', close: 'Enforcement cases awaiting closing approval',
    investigate: 'Enforcement cases to investigate, notify or execute', review: 'Enforcement cases awaiting legal review', red: 'Overdue enforcement cases', yellow: 'Enforcement cases due soon',
  },
  forms: {
    done: '{{action}}: done', calculation: 'Discretion calculation (proposal)', proposedFine: 'proposed fine {{fine}}', photosHint: 'A site inspection record needs photos of the site: take them with the phone.',
    submitReview: 'Investigation finished: submit for legal review. Records: {{records}}; proposal: a fine of {{fine}} CNY.',
    noticeTitle: 'Serve the notice of the intended penalty', noticePenalty: 'Tells the party the intended penalty (a fine of {{fine}} CNY) with its facts, reasons and legal basis.',
    noticeDefence: 'The party may state a defence within 3 working days after service.', noticeHearing: 'The fine reaches the hearing threshold (or demolition/confiscation): the hearing notice is served too; the party may ask for a hearing within 5 days, which stops the decision clock.',
    noticeNoHearing: 'Below the hearing thresholds: no right to a hearing is notified.', departureRequired: 'The fine is outside the band ({{min}} – {{max}} CNY): give the reason for the departure',
    fineDue: 'Fine decided {{fine}} CNY, paid {{paid}} CNY.', evidenceHint: 'Payment receipt, photos of the demolition or of the land returned, etc.', evidenceRequired: 'Upload the execution evidence (receipt, photos)',
    closing: 'To close: execution evidence ({{evidence}} so far) and the fine paid or a court application (fine {{fine}} CNY, paid {{paid}} CNY).',
  },
};

export default enUS;
