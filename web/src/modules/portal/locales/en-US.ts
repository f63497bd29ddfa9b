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
    external: 'External links', externalNever: 'Not checked yet', externalSummary: 'Checked {{n}} external links on {{date}}; {{broken}} unreachable', checkNow: 'Check now',
    checkedNow: 'Checked {{n}} external links; {{broken}} unreachable', url: 'Link', answer: 'Result', timeout: 'Timed out', articles: 'In articles',
  },
  kinds: { news: 'News', notice: 'Notices', policy: 'Policy documents', county: 'County news', other: 'Other' },
  flow: { review: 'Review, then publish', review_sign: 'Review, then sign off' },
  nav: { settings: 'Site settings' },
  sites: {
    title: 'Site settings', intro: 'Name, host name, theme and footer (sponsor, ICP licence, public-security filing, website identifier, contact) of this site and the sites below it; its columns with their update quota and review flow.',
    site: 'Site', view: 'View the site', settings: 'General', save: 'Save', saved: 'Saved', name: 'Site name', nameEn: 'English name', host: 'Host name', hostHelp: '/portal on this host name shows this site',
    theme: 'Theme', colour: 'Theme colour', colourHelp: 'Below 4.5:1 contrast with white text, the site uses the default colour', colourFormat: 'A colour as #rrggbb', logoText: 'Logo text (up to 8 characters)', banner: 'Banner line',
    footer: 'Footer', sponsor: 'Sponsor', siteCode: 'Website identifier', siteCodeFormat: 'The website identifier is 10 digits', siteCodeHelp: '10 digits', icp: 'ICP licence number', psb: 'Public-security filing number', address: 'Address', phone: 'Phone', email: 'E-mail',
    columns: 'Columns', newColumn: 'New column', editColumn: 'Edit', columnName: 'Column name', slug: 'Path', slugHelp: 'Starts with a lower-case letter; letters, digits and -', parent: 'Parent column',
    kind: 'Kind', reviewFlow: 'Review flow', quotaHelp: 'A regular column without an article for 14 days fails; irregular columns are exempt', flags: 'Options', acceptsPushes: 'Takes pushes', inNav: 'In the navigation', sort: 'Order', actions: 'Actions',
  },
  yearly: {
    title: 'Yearly government website report', intro: 'The figures of this site for the year, in the form of the yearly government website report, from the platform\'s own data. Rows marked not recorded are filled in by hand; check the rows marked unconfirmed before publishing.',
    year: 'Year', excel: 'Download Excel', pdf: 'Issue PDF', pdfIssued: 'Issued as {{docNo}}', section: 'Section', item: 'Item', value: 'Value', note: 'Note', unrecorded: 'Not recorded', unconfirmed: 'Unconfirmed',
  },
};
