/** English strings of the approvals workbench pages: the same keys as cases.zh-CN.ts. */
import type casesZh from './cases.zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const cases: Messages<typeof casesZh> = {
  nav: { window: 'Window queue', walkIn: 'Walk-in entry', review: 'Review inbox', decide: 'Decisions', all: 'Cases' },
  list: {
    caseNo: 'Case number', matter: 'Matter', applicant: 'Applicant', channel: 'Channel', status: 'Status', submittedAt: 'Submitted', dueDate: 'Due date',
    minutes: '{{count}} min', hours: '{{h}} h {{m}} min', days: '{{count}} days',
  },
  channels: { online: 'Online', walk_in: 'Window' },
  window: {
    title: 'Window queue', intro: 'Applications waiting for acceptance, longest waiting first. The time to accept runs from the start of the formal check: 20 minutes for a simple matter, 40 for a complex one.',
    waiting: 'Waiting', walkIn: 'Walk-in entry',
  },
  walkIn: { title: 'Walk-in entry', matter: 'Choose a matter', submit: 'Register application', done: 'Application registered', check: 'Start the formal check', another: 'Next application' },
  check: {
    title: 'Formal check', start: 'Start the formal check', startHint: 'The clock starts now; the service standard is a decision within {{minutes}} minutes.', started: 'Formal check started',
    timer: 'Time to accept {{m}}:{{s}} (standard {{minutes}} minutes)', complex: 'Complex matter: 40-minute standard', simple: 'Simple matter: 20-minute standard',
    received: 'Received', files: '{{count}} files', none: 'None', deficient: 'Deficient', reason: 'Reason and requirement',
    reasonPlaceholder: 'What is missing or deficient', missingReason: 'Not handed in', reasonRequired: 'Give a reason for every ticked material',
    accept: 'Accept', accepted: 'Accepted; the acceptance notice was issued', supplement: 'One-time supplement notice ({{count}})', supplementSent: 'Supplement notice issued; the applicant was told by SMS',
    refuse: 'Refuse', refuseHint: 'The refusal notice states the reasons and the right to administrative reconsideration or litigation.', competentAgency: 'Competent agency to turn to (optional)',
    refused: 'Refused',
  },
  review: {
    inbox: 'Review inbox', inboxIntro: 'Cases whose current stage waits for your department; in a parallel stage all departments review at once.', department: 'Department',
    title: 'Review opinion ({{stage}})', verdict: 'Verdict', comment: 'Opinion', submit: 'Submit opinion', saved: 'Opinion recorded',
    supplement: 'Supplement during review', supplementHint: 'The clock stops while the applicant owes materials and resumes once they are handed in.',
  },
  decide: {
    inbox: 'Decisions', inboxIntro: 'Reviewed cases waiting for a decision; cases in review and decided ones can be listed too.',
    title: 'Decision', decision: 'Decision', reason: 'Reasons', reasonRequired: '“{{denied}}” needs reasons', submit: 'Decide', done: 'Decision made',
  },
  clock: {
    title: 'Clock', pause: 'Stop the clock (special step)', resume: 'Resume the clock', extension: 'Request an extension',
    extensionHint: 'With the approval of the head of the bureau the limit may be extended by up to 10 working days; the applicant is told the reason.', extensionSent: 'Extension requested; waiting for approval',
  },
  extension: { title: 'Extension approval', line: 'Extend by {{days}} working days: {{reason}}', approve: 'Approve', reject: 'Reject' },
  deliver: { title: 'Delivery', pickup: 'Picked up at the window', post: 'By post', electronic: 'Electronically', submit: 'Complete', done: 'Completed' },
  detail: {
    back: 'Back to the list', version: 'Version {{version}} · matter version {{matterVersion}}', paused: 'Clock stopped since {{since}}',
    application: 'Application form', reveal: 'Show full number', materials: 'Materials', noFile: 'Not handed in', file: 'File {{n}} (supplement round {{round}})', fileFirst: 'File {{n}}',
    preview: 'Preview', previewFailed: 'The material cannot be shown', previewOf: 'Preview: {{name}}', openNew: 'Open in a new window', noPreview: 'Choose a material file on the left',
    deadline: 'Time limit', receivedOn: 'Received on', deemed: 'deemed accepted', usedDays: 'Used', usedOf: '{{used}} of {{total}} working days used, {{remaining}} left',
    acceptTime: 'Time to accept', minutesSeconds: '{{m}} min {{s}} s', overStandard: 'Over the standard', withinStandard: 'Within the standard', workdaysUsed: 'Working days used',
    documents: 'Documents', stages: 'Review stages', stageDue: 'stage due {{date}}', noOpinion: 'Waiting',
    stopsAndExtensions: 'Clock stops and extensions', stopKind: 'Kind', reason: 'Reason', from: 'From', to: 'To', ongoing: 'Ongoing', workdays: 'Working days',
    extensionDays: 'Days', requestedAt: 'Requested', reasons: 'Reasons', refusalReason: 'Reason for refusal', decisionReason: 'Reasons for the decision',
  },
  stageStatus: { pending: 'Not started', active: 'Active', passed: 'Passed', failed: 'Failed', skipped: 'Skipped' },
  rules: { all_agree: 'All must agree', any_refuse: 'Any may refuse' },
  verdicts: { agree: 'Agree', disagree: 'Disagree' },
  lights: { green: 'On time', yellow: 'Warning', red: 'Red card' },
  pauseKinds: { hearing: 'Hearing', expert_review: 'Expert review', public_notice: 'Public notice', on_site_inspection: 'On-site inspection', other: 'Other', supplement: 'Supplement' },
  extensionStatus: { pending: 'Pending', approved: 'Approved', rejected: 'Rejected' },
  all: { title: 'Cases', light: 'Deadline', matterCode: 'Matter code' },
  actions: { done: 'Done' },
};

export default cases;
