/** Portal workbench strings, en-US. */
export default {
  status: { draft: 'Draft', submitted: 'Awaiting review', reviewed: 'Awaiting sign-off', published: 'Published', withdrawn: 'Withdrawn' },
  quota: { dynamic: 'Regular (14 days)', irregular: 'Irregular' },
  events: { created: 'Created', edited: 'Edited', submitted: 'Sent for review', rejected: 'Returned', reviewed: 'Approved', published: 'Signed off and published', withdrawn: 'Withdrawn', pushed: 'Pushed', received: 'Received' },
  editor: { h2: 'Heading 2', h3: 'Heading 3', bold: 'Bold', italic: 'Italic', underline: 'Underline', ordered: 'Numbered list', bullet: 'Bulleted list', quote: 'Quote', link: 'Link', image: 'Insert image', clean: 'Clear formatting' },
  articles: {
    title: 'Website articles', new: 'Write', edit: 'Edit article', status: 'Status', allStatuses: 'All statuses', articleTitle: 'Title', site: 'Site · column', updated: 'Updated',
    column: 'Column', needsSign: 'needs sign-off', body: 'Body', summary: 'Summary', keywords: 'Keywords', source: 'Source', author: 'Author',
    publishAt: 'Publish at', publishAtHelp: 'Empty: published as soon as it is approved', expireAt: 'Expires at', attachments: 'Attachments', addAttachment: 'Upload attachment',
    saveDraft: 'Save draft', saveSubmit: 'Save and send for review', saved: 'Saved', submit: 'Send for review', submitted: 'Sent for review',
    version: 'Version', origin: 'Reprinted from', view: 'View web page', reviewTitle: 'Review', opinion: 'Opinion (required to return)', approve: 'Approve', approved: 'Approved',
    return: 'Return for changes', returned: 'Returned', sign: 'Sign off', signed: 'Signed off', pushTitle: 'Push and withdraw', pushTarget: 'Push to (a column of another site)', push: 'Push', pushed: 'Pushed',
    withdraw: 'Withdraw', withdrawReason: 'Reason for withdrawal', withdrawn: 'Withdrawn', record: 'Record', versions: 'Versions',
  },
  health: {
    title: 'Site health', intro: 'Checks this site and the sites below it as the government website guidelines require: a regular column without an article for 14 days fails, irregular columns are exempt; also empty columns, broken links, required fields and the footer.',
    column: 'Column', quota: 'Update quota', published: 'Published', days: 'Days since update', result: 'Result', ok: 'Pass', empty: 'Empty column',
    stale: 'Not updated for over {{n}} days', failures: '{{n}} failing', brokenLinks: 'Broken links', missingFields: 'Articles missing required fields', footerMissing: 'Footer lacks: {{fields}}',
  },
};
