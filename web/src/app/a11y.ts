/**
 * Keyboard access that antd leaves out, installed once for the whole app (issue 21): a table
 * that scrolls sideways gets tabindex=0 on its scrolling box, so a keyboard user can focus it
 * and scroll with the arrow keys (axe `scrollable-region-focusable`); list titles are no headings.
 */
const SCROLLERS = '.ant-table-content, .ant-table-body';

function mark(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  }
}

/**
 * antd renders a list item's title as an `<h4>` whatever the page's outline: a heading level the
 * page never opened (axe `heading-order`). The title stays bold text, not a heading.
 */
function unheadListTitles(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('h4.ant-list-item-meta-title:not([role])')) el.setAttribute('role', 'none');
}

/** antd's Calendar header has a year and a month select without a label: name them. */
function labelCalendarHeader(doc: Document): void {
  const en = doc.documentElement.lang.startsWith('en');
  for (const header of doc.querySelectorAll('.ant-picker-calendar-header')) {
    const inputs = header.querySelectorAll<HTMLInputElement>('.ant-select input:not([aria-label])');
    const names = en ? ['Year', 'Month'] : ['年份', '月份'];
    inputs.forEach((input, i) => { if (names[i]) input.setAttribute('aria-label', names[i]); });
  }
}

export function installKeyboardScrolling(doc: Document = document): void {
  unheadListTitles(doc);
  labelCalendarHeader(doc);
  mark(doc);
  new MutationObserver(() => { mark(doc); unheadListTitles(doc); labelCalendarHeader(doc); }).observe(doc.body, { childList: true, subtree: true });
}
