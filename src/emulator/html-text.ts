/**
 * The text part of an email whose template is HTML only (Auth0's email templates are HTML: "Auth0
 * does not support plaintext/text-based emails", auth0/docs `articles/email/templates.md`), so that
 * a reader of the text part finds the same code and link (docs/emulator.md "Real delivery"). A
 * small converter, not a renderer: block ends become line breaks, a link keeps its URL, entities
 * are decoded, every other tag is dropped.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** `<a href="u">label</a>` as `label (u)`, or just `u` when the label is the URL. */
function linkText(href: string, label: string): string {
  const url = decodeEntities(href);
  const text = label.replace(/<[^>]*>/g, '').trim();
  return text === '' || decodeEntities(text) === url ? url : `${text} (${url})`;
}

export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, dq: string | undefined, sq: string | undefined, label: string) =>
      linkText(dq ?? sq ?? '', label),
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|table|blockquote|section|header|footer)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
