/** English strings of the public approval pages: the same keys as journey.zh-CN.ts. */
import type journeyZh from './journey.zh-CN.ts';
import type { Messages } from '../../../app/locales/messages.ts';

const journey: Messages<typeof journeyZh> = {
  nav: { services: 'Service guide', track: 'Track a case', verify: 'Verify a document', login: 'Log in', logout: 'Log out' },
  services: {
    title: 'Service guide',
    intro: 'Choose a matter to see its conditions, materials, fees, time limits and flow; log in to apply online.',
    search: 'Search by name, code or department',
  },
  guide: {
    name: 'Matter', type: 'Type', code: 'Code', department: 'Handled by', level: 'Level',
    statutoryDays: 'Statutory limit', promisedDays: 'Promised limit', counterVisits: 'Counter visits', fees: 'Fees',
    legalBasis: 'Legal basis', conditions: 'Conditions', materials: 'Materials', materialName: 'Material',
    required: 'Required', requiredYes: 'Required', requiredNo: 'Optional', form: 'Form', copies: 'Copies', pages: 'Pages',
    sample: 'Sample', sampleOpen: 'Open', sampleNone: 'None', eform: 'E-form', forms: { original: 'Original', copy: 'Copy' },
    flow: 'Flow', workdays: '{{count}} working days', visits: '{{count}}',
    parallel: 'Parallel review: {{departments}}', pausesClock: 'Special step, not counted in the time limit',
    stepApply: 'Apply', stepApplyBody: 'Fill in the form online and upload the materials; get a case number and a receipt',
    stepAccept: 'Acceptance', stepAcceptBody: 'Formal check at the window: accept, one-time supplement notice, or refuse',
    stepDecide: 'Decision', stepDecideBody: 'The bureau grants or denies the licence and delivers the documents',
    apply: 'Apply online', notFound: 'This matter does not exist or is no longer offered', backToList: 'Back to the service guide',
  },
  levels: { province: 'Province', city: 'City', county: 'County', township: 'Township' },
  departments: {
    landuse: 'Land Use and Supply', planning: 'Spatial Planning', farmland: 'Farmland Protection', legal: 'Policy and Legal Affairs',
    mineral: 'Mineral Resources', hazard: 'Geological Hazards', office: 'General Office', bureau: 'The bureau',
  },
  apply: {
    title: 'Apply online: {{name}}', guide: 'Service guide', intro: 'Fill in the application truthfully and upload the materials. A complete application in due form is accepted by the window and decided within {{days}} working days.',
    applicant: 'Applicant', applicantKind: 'Applicant type', person: 'Person', company: 'Company or organisation', applicantName: 'Applicant name',
    idNumber: 'ID number or unified social credit code', phone: 'Phone', contactName: 'Contact person', divisionCode: 'Township (division code)',
    divisionCodeFormat: 'Enter the 9-digit township division code', eform: 'Application form', materials: 'Materials',
    materialsHint: 'PDF, JPG, PNG or OFD; the type is checked from the file content.', upload: 'Upload', pages: '{{count}} pages',
    eformFilled: 'Filled in online in the form above', missing: 'This material is missing', submit: 'Submit application',
  },
  receipt: {
    title: 'Application submitted', caseNo: 'Case number', matter: 'Matter', applicant: 'Applicant', submittedAt: 'Submitted at', status: 'Status',
    promised: 'Promised limit', files: 'Files received', next: 'Keep the case number. With it and your ID number you can track the case at any time; if materials are missing you will be told once, by SMS, everything that is needed.',
    print: 'Print receipt', pdf: 'Download receipt (PDF)', track: 'Track progress',
  },
  track: {
    title: 'Track a case', intro: 'Enter the case number and the applicant’s ID number; no login needed.', caseNo: 'Case number', idNumber: 'ID number', query: 'Search',
    acceptedOn: 'Accepted on', dueDate: 'Due date', decision: 'Decision', howComputed: 'How the due date is computed',
    computedRule: 'Counted in working days from the day after acceptance on {{acceptedOn}} (public holidays and weekends excluded); time owed for supplements, hearings, expert reviews and public notices is not counted, and approved extensions are added.',
    notStarted: 'Not accepted yet; the clock starts at acceptance.',
    documents: 'Documents', download: 'Download', timeline: 'Progress',
  },
  supplement: {
    title: 'Supplement materials', intro: 'Hand in these {{count}} materials in one go; only the listed ones.', reason: 'Required',
    submit: 'Submit supplement', sent: 'Supplement submitted', login: 'Log in to submit the supplement', notOwner: 'The account you are logged in with is not this case’s applicant; log in with the account you applied with.',
  },
  rating: {
    title: 'Rate the service', intro: 'How was the service?', followUpIntro: 'The rectification is done; you may rate once more:',
    levels: { l5: 'Very satisfied', l4: 'Satisfied', l3: 'Fairly satisfied', l2: 'Dissatisfied', l1: 'Very dissatisfied' },
    comment: 'Comments (optional)', submit: 'Submit rating', thanks: 'Thank you for your rating',
    badHint: 'A bad rating is passed on for rectification; afterwards you may rate once more.', followUp: 'Follow-up', notYet: 'You can rate once the case is decided.',
    rectification: { open: 'Rectification in progress', visited: 'Contacted, rectification in progress', done: 'Rectification done' }, rectificationDue: 'Rectification due {{date}}',
  },
  status: {
    submitted: 'Submitted, awaiting acceptance', supplement_requested: 'Supplement requested', resubmitted: 'Supplemented, awaiting acceptance', refused: 'Not accepted',
    in_review: 'In review', pending_decision: 'Awaiting decision', decided: 'Decided', completed: 'Completed', withdrawn: 'Withdrawn',
  },
  decisions: { granted: 'Granted', denied: 'Denied' },
  decisionsBy: {
    licensing: { granted: 'Granted', denied: 'Denied' }, registration: { granted: 'Registered', denied: 'Registration refused' },
    confirmation: { granted: 'Confirmed', denied: 'Confirmation refused' }, service: { granted: 'Done', denied: 'Declined' },
  },
  documentKinds: {
    receipt: 'Receipt', acceptance_notice: 'Acceptance notice', supplement_notice: 'Supplement notice', refusal_notice: 'Refusal notice',
    decision: 'Licensing decision', licence: 'Licence', certificate: 'Certificate', notice: 'Notice', extension_notice: 'Extension notice', overlay_report: 'Overlay analysis report',
  },
  events: {
    submitted: 'Application submitted', check_started: 'Formal check started', accepted: 'Accepted', deemed_accepted: 'Deemed accepted', supplement_requested: 'One-time supplement notice',
    resubmitted: 'Materials supplemented', refused: 'Not accepted', stage_started: 'Review stage started', stage_passed: 'Review stage passed', stage_failed: 'Review stage failed',
    opinion: 'Review opinion', paused: 'Clock stopped', resumed: 'Clock resumed', extension_requested: 'Extension requested', extension_approved: 'Extension approved',
    extension_rejected: 'Extension rejected', decided: 'Decision made', completed: 'Delivered', withdrawn: 'Withdrawn by the applicant', urged: 'Urged by supervision',
    rated: 'Service rated', rectification_visited: 'Bad rating followed up', rectified: 'Rectification done', overlay_attached: 'Overlay analysis report attached',
  },
};

export default journey;
