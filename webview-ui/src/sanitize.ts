// Every piece of rendered Markdown goes through DOMPurify before it reaches the page, even though
// markdown-it already escapes raw HTML: a second, independent guard against markup in answers.
import DOMPurify from 'dompurify';
import { isSafeLink } from './markdown';

const purify = DOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName !== 'A') return;
  const href = node.getAttribute('href') ?? '';
  if (!isSafeLink(href)) {
    node.removeAttribute('href');
    return;
  }
  // VS Code opens http(s)/mailto links itself; the title shows where a link goes before clicking
  node.setAttribute('title', href);
});

/** A fragment of safe nodes for `html`: no scripts, handlers, styles (the CSP forbids them) or forms. */
export function sanitize(html: string): DocumentFragment {
  return purify.sanitize(html, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: ['style', 'img', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg', 'math'],
    FORBID_ATTR: ['style', 'id', 'name'],
  });
}
