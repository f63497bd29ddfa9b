/**
 * Keyboard access that antd leaves out, installed once for the whole app (issue 21): a table
 * that scrolls sideways gets tabindex=0 on its scrolling box, so a keyboard user can focus it
 * and scroll with the arrow keys (axe `scrollable-region-focusable`).
 */
const SCROLLERS = '.ant-table-content, .ant-table-body';

function mark(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
    if (!el.hasAttribute('tabindex')) el.tabIndex = 0;
  }
}

export function installKeyboardScrolling(doc: Document = document): void {
  mark(doc);
  new MutationObserver(() => mark(doc)).observe(doc.body, { childList: true, subtree: true });
}
