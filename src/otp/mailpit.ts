/**
 * Code source `mailpit:<base-url>`: a Mailpit mail catcher (https://mailpit.axllent.org/docs/api-v1/)
 * that the tenant's custom SMTP delivers to. Searches `GET /api/v1/search?query=to:<address>
 * after:<date>` (newest first), keeps the newest message to that address received since the
 * request, then reads it with `GET /api/v1/message/{ID}` (its `Text` and `HTML` parts).
 */
import { htmlToText } from './html-text.ts';
import {
  apiUrl,
  callApi,
  isNewEnough,
  isObject,
  pollForMessage,
  sameRecipient,
  sourceAt,
  timeOf,
  unexpectedShape,
  type DeliveredMessage,
} from './message-poll.ts';
import { catcherAccess } from './catcher-access.ts';
import type { ReadContext } from './read-context.ts';

/** Enough for a busy shared catcher: the search is already narrowed to the address. */
const SEARCH_LIMIT = '50';
const DAY_MS = 24 * 60 * 60 * 1000;

export function messageFromMailpit(configured: URL, rc: ReadContext): Promise<DeliveredMessage> {
  const { base, headers } = catcherAccess('mailpit', configured, rc.env);
  const source = sourceAt('Mailpit', base);
  const unauthorizedHint =
    'Mailpit asks for a password (--ui-auth-file): give the user in the URL, mailpit:http://user@host:8025, and the password in PWLESS_MAILPIT_PASSWORD (or a file named by PWLESS_MAILPIT_PASSWORD_FILE).';
  // `after:` takes a date; a day earlier (in UTC) is safe whatever time zone Mailpit reads it in, and the
  // exact time is checked here on each message's `Created`.
  const after = new Date(rc.sinceMs - DAY_MS).toISOString().slice(0, 10);
  const query = `to:"${rc.identity.replace(/"/g, '')}" after:${after}`;
  return pollForMessage(rc, { source, hint: "Check the tenant's SMTP settings point at this Mailpit, and the address; or raise --otp-timeout." }, async () => {
    const found = await callApi(
      { source, unauthorizedHint, request: { method: 'GET', url: apiUrl(base, 'api/v1/search', { query, limit: SEARCH_LIMIT }), headers } },
      rc,
    );
    if (!isObject(found) || !Array.isArray(found.messages)) throw unexpectedShape(source, 'GET /api/v1/search');
    const newest = found.messages.find(
      (m: unknown) =>
        isObject(m) &&
        typeof m.ID === 'string' &&
        isNewEnough(timeOf(m.Created), rc) &&
        Array.isArray(m.To) &&
        m.To.some((to: unknown) => isObject(to) && typeof to.Address === 'string' && sameRecipient(to.Address, rc.identity)),
    ) as { ID: string } | undefined;
    if (newest === undefined) return undefined;
    const message = await callApi(
      {
        source,
        unauthorizedHint,
        notFoundIsEmpty: true,
        request: { method: 'GET', url: apiUrl(base, `api/v1/message/${encodeURIComponent(newest.ID)}`), headers },
      },
      rc,
    );
    if (message === undefined) return undefined; // deleted between the search and the read
    if (!isObject(message)) throw unexpectedShape(source, 'GET /api/v1/message/{ID}');
    const texts = [typeof message.Text === 'string' ? message.Text : '', typeof message.HTML === 'string' ? htmlToText(message.HTML) : ''];
    return { id: newest.ID, texts: texts.filter((t) => t !== '') };
  });
}
