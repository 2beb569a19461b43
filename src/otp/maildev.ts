/**
 * Code source `maildev:<base-url>`: a MailDev 3 mail catcher (its REST API:
 * https://github.com/maildev/maildev/blob/master/docs/rest.md) that the tenant's custom SMTP delivers to. Lists `GET /api/email/summary?sort=desc`
 * (newest first, without bodies), keeps the newest message to that address dated since the
 * request, then reads it with `GET /api/email/{id}` (its `text` and `html`). MailDev 2 served the
 * same under `/email` without `/api`; it is not read here.
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

/** One page of the newest messages (MailDev allows up to 200); the list is not narrowed by address. */
const PAGE_LIMIT = '100';

export function messageFromMaildev(configured: URL, rc: ReadContext): Promise<DeliveredMessage> {
  const { base, headers } = catcherAccess('maildev', configured, rc.env);
  const source = sourceAt('MailDev', base);
  const unauthorizedHint =
    'MailDev asks for a password (--web-user/--web-pass): give the user in the URL, maildev:http://user@host:1080, and the password in PWLESS_MAILDEV_PASSWORD (or a file named by PWLESS_MAILDEV_PASSWORD_FILE).';
  return pollForMessage(rc, { source, hint: "Check the tenant's SMTP settings point at this MailDev, and the address; or raise --otp-timeout." }, async () => {
    const page = await callApi(
      { source, unauthorizedHint, request: { method: 'GET', url: apiUrl(base, 'api/email/summary', { sort: 'desc', limit: PAGE_LIMIT }), headers } },
      rc,
    );
    if (!isObject(page) || !Array.isArray(page.items)) throw unexpectedShape(source, 'GET /api/email/summary');
    const matching = page.items.filter(
      (m: unknown): m is { id: string; time: string } =>
        isObject(m) &&
        typeof m.id === 'string' &&
        isNewEnough(timeOf(m.time), rc) &&
        Array.isArray(m.to) &&
        m.to.some((to: unknown) => isObject(to) && typeof to.address === 'string' && sameRecipient(to.address, rc.identity)),
    );
    // MailDev dates a message by its Date header, in whole seconds, and sorts ties in the order they
    // arrived: of the messages of the newest second, the last listed came last.
    const newestTime = matching[0] === undefined ? undefined : timeOf(matching[0].time);
    const newest = matching.filter((m) => timeOf(m.time) === newestTime).at(-1);
    if (newest === undefined) return undefined;
    const email = await callApi(
      { source, unauthorizedHint, notFoundIsEmpty: true, request: { method: 'GET', url: apiUrl(base, `api/email/${encodeURIComponent(newest.id)}`), headers } },
      rc,
    );
    if (email === undefined) return undefined; // deleted between the list and the read
    if (!isObject(email)) throw unexpectedShape(source, 'GET /api/email/{id}');
    const texts = [typeof email.text === 'string' ? email.text : '', typeof email.html === 'string' ? htmlToText(email.html) : ''];
    return { id: newest.id, texts: texts.filter((t) => t !== '') };
  });
}
