/**
 * What a person needs to see of a body that is not the JSON the protocol asks for: the heading of
 * an HTML page (a proxy's or a CDN's error page), else the first line of the text. Bounded, with
 * anything shaped like a JWT cut to its first characters, so a stray token never reaches a log.
 */

const MAX_CHARS = 200;
const JWT_LIKE = /eyJ[\w-]{6,}\.[\w-]+\.[\w-]*/g;

export function firstLineOf(text: string, contentType: string | undefined): string {
  const looksHtml = contentType?.includes('html') === true || /^\s*</.test(text);
  const line = looksHtml ? pageText(text) : (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim();
  const safe = line.replace(JWT_LIKE, (jwt) => `${jwt.slice(0, 10)}…`);
  return safe.length > MAX_CHARS ? `${safe.slice(0, MAX_CHARS)}…` : safe;
}

/** The readable text of a small HTML page: its heading and first paragraph. */
export function pageText(html: string): string {
  const pick = (tag: string) => new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'i').exec(html)?.[1];
  const text = [pick('h1') ?? pick('title'), pick('p')].filter(Boolean).join(' — ');
  return decodeEntities((text || html).replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return text.replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (all, ref: string) => {
    if (ref.startsWith('#x') || ref.startsWith('#X')) return codePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return codePoint(Number(ref.slice(1)));
    return named[ref.toLowerCase()] ?? all;
  });
}

/**
 * A numeric character reference's character. Zero, surrogates and numbers past U+10FFFF become
 * U+FFFD, as HTML parsers do (HTML Living Standard §13.2.5.80, "numeric character reference end
 * state"), instead of a RangeError from String.fromCodePoint.
 */
function codePoint(value: number): string {
  const valid = Number.isSafeInteger(value) && value > 0 && value <= 0x10ffff && !(value >= 0xd800 && value <= 0xdfff);
  return valid ? String.fromCodePoint(value) : '\ufffd';
}
