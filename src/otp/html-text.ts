/**
 * The text of an HTML message part, for finding a code or a link in an email that has no text
 * part: each link's href kept beside its text (a magic link is often only in an `<a href>`),
 * styles and scripts dropped, block ends as line breaks, the other tags stripped, character
 * references decoded (HTML Living Standard §13.5, named references: the few that mail uses).
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(
        /<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi,
        (_tag, dq?: string, sq?: string, bare?: string) => ` ${dq ?? sq ?? bare ?? ''} `,
      )
      .replace(/<br\s*\/?>|<\/(p|div|tr|li|h[1-6]|table)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ' '),
  )
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8}|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return fromCodePoint(Number.parseInt(lower.slice(2), 16), whole);
    if (lower.startsWith('#') && lower !== '#39') return fromCodePoint(Number.parseInt(lower.slice(1), 10), whole);
    return NAMED[lower] ?? whole;
  });
}

function fromCodePoint(point: number, whole: string): string {
  return Number.isInteger(point) && point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
}
