/** English strings of the staff pages of government information disclosure and public interaction. Same keys as zh-CN.ts. */
import type zhCN from './zh-CN.ts';

const enUS: typeof zhCN = {
  todos: { letters: 'Letters to answer', overdue: 'Letters past their reply date', publishLetters: 'Answered letters to publish (writer agreed)', review: 'Entries waiting for review' },
  nav: { group: 'Disclosure', entries: 'Disclosure directory', review: 'Disclosure review', letters: 'Letters', surveys: 'Surveys' },
  categories: { JGZN: 'Functions and organisation', ZCWJ: 'Policy documents', GHJH: 'Plans and programmes', XZXK: 'Licensing results', XZCF: 'Penalty results', TDGY: 'Land supply and sale results', CZYJS: 'Budgets and final accounts', JYTA: 'Replies to proposals', QT: 'Other' },
  entryStatus: { draft: 'Draft', submitted: 'Waiting for review', returned: 'Returned', published: 'Published', withdrawn: 'Withdrawn' },
  letterStatus: { received: 'To answer', answered: 'Answered', published: 'Published' },
  surveyStatus: { draft: 'Draft', open: 'Open', closed: 'Closed' },
  kinds: { mailbox: 'Letter to the director', consult: 'Question' },
  entries: {
    title: 'Directory of government information',
    intro: 'An editor writes an entry and sends it for review; the reviewer publishes it with an index number (bureau code-category-year-serial) on the portal. Withdrawn entries keep their record and number.',
    add: 'New entry', addTitle: 'New entry', editTitle: 'Edit entry', category: 'Category', titleField: 'Title', docNo: 'Document number', body: 'Content',
    status: 'Status', indexNo: 'Index number', publishedAt: 'Published', actions: 'Actions', edit: 'Edit', submit: 'Send for review', publish: 'Approve and publish', return: 'Return',
    withdraw: 'Withdraw', note: 'What to change', reason: 'Reason', save: 'Save', cancel: 'Cancel', saved: 'Saved', published: 'Published as {{indexNo}}', none: 'No entries',
    view: 'Open the public page', all: 'All states',
  },
  report: {
    title: 'Annual report on government information disclosure', intro: 'Counted from this platform\'s records: proactive disclosures, requests for information by outcome, and letters. Issuing makes a PDF with a verification QR code and publishes it on the portal.',
    year: 'Year', load: 'Count', issue: 'Issue and publish', issued: 'Issued: {{docNo}}', proactive: 'Published proactively', received: 'New requests', carriedOver: 'Carried over',
    granted: 'Disclosed', denied: 'Not disclosed', refused: 'Not accepted', withdrawn: 'Withdrawn', pending: 'Carried forward', letters: 'Letters', view: 'Open the report',
  },
  letters: {
    title: 'Letters to the director and questions', intro: 'Letters are answered within the reply period (working days). With the writer\'s consent the letter and reply may be published without name, phone, ID number or other personal data.',
    letterNo: 'Letter number', kind: 'Kind', subject: 'Subject', writer: 'Writer', dueDate: 'Reply due', status: 'Status', consent: 'May publish', yes: 'Yes', no: 'No',
    rating: 'Satisfaction', reply: 'Answer', replyTitle: 'Answer: {{subject}}', replyText: 'Reply', publish: 'Publish', publishTitle: 'Publish the letter (personal data removed)',
    publicSubject: 'Public subject', publicBody: 'Public text', publicReply: 'Public reply', maskHint: 'Names, phone numbers, ID numbers and e-mail addresses were removed automatically and are checked again when you publish.',
    body: 'Letter', save: 'Send', cancel: 'Cancel', saved: 'Sent', none: 'No letters', overdue: 'Overdue', all: 'All states', view: 'Open the public page',
  },
  surveys: {
    title: 'Public surveys', intro: 'Ask one question; the public vote once each after signing in with their own account. Results are public on the portal.',
    add: 'New survey', addTitle: 'New survey', titleField: 'Question', description: 'Explanation', options: 'Choices (one per line)', closesOn: 'Closes on',
    status: 'Status', votes: 'Votes', open: 'Open', close: 'Close', save: 'Save', cancel: 'Cancel', saved: 'Saved', none: 'No surveys', results: 'Results', view: 'Open the public page',
  },
};
export default enUS;
