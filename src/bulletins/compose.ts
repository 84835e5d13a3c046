/**
 * The one message a publication delivers to every recipient, as raw RFC 5322 bytes: the same
 * for all (To: undisclosed-recipients, nobody sees who else got it), so that the store keeps
 * it once. A union message's unsubscribe link holds PERSONAL_SLOT, which each mailbox reads
 * as its recipient's own token (src/store/personal.ts).
 */
import { composeSystemMessage, type SystemPart } from '../mime/index.js';
import { PERSONAL_SLOT } from '../store/index.js';
import type { MessageBody } from './message-body.js';

export interface Mailbox {
  name: string;
  address: string;
}

export interface InstitutionalMessage {
  kind: 'bulletin' | 'election' | 'union';
  from: Mailbox;
  subject: string;
  body: MessageBody;
  hostname: string;
  /** A union message: the unsubscribe URL without its token (`https://…/desabonnement/`). */
  unsubscribeBase?: string;
  /** The date shown in the footer until which an unsubscription holds (« 10 décembre 2030 »). */
  unsubscribeUntil?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The sentence each union message must carry (arrêté du 4 novembre 2014; domain.md §2.4). */
function unionFooter(message: InstitutionalMessage, url: string): { text: string; html: string } {
  const union = message.from.name;
  const until = message.unsubscribeUntil ? ` jusqu’au ${message.unsubscribeUntil} (prochaines élections professionnelles)` : ' jusqu’aux prochaines élections professionnelles';
  const sentence = `Ce message syndical de ${union} vous parvient sur votre adresse professionnelle. Vous êtes libre de refuser les messages de ce syndicat : le lien ci-dessous vous désabonne en un clic${until}.`;
  return {
    text: `\n\n-- \n${sentence}\nSe désabonner : ${url}\n`,
    html:
      `\n<hr>\n<p style="font-size:small;color:#3a3a3a">${escapeHtml(sentence)}</p>\n` +
      `<p style="font-size:small">\n<a href="${url}">Se désabonner des messages de ${escapeHtml(union)}</a>\n</p>\n`,
  };
}

export function composeInstitutional(message: InstitutionalMessage, date = new Date()): Buffer {
  const headers: Record<string, string> = {};
  let { text, html } = message.body;
  if (message.kind === 'union') {
    const url = `${message.unsubscribeBase}${PERSONAL_SLOT}`;
    // RFC 2369 and RFC 8058: the one-click unsubscribe mail clients show as a button.
    headers['List-Unsubscribe'] = `<${url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    headers['Reply-To'] = `<${message.from.address}>`;
    headers['Precedence'] = 'bulk';
    const footer = unionFooter(message, url);
    text += footer.text;
    html = html === null ? null : `${html}${footer.html}`;
  } else {
    // RFC 3834: written by a program for many; no vacation reply, no read receipt.
    headers['Auto-Submitted'] = 'auto-generated';
  }
  // 8bit keeps the token's slot in one piece; the QP of other system mail could cut it.
  const encoding = message.kind === 'union' ? { transferEncoding: '8bit' as const } : {};
  const parts: SystemPart[] = [{ contentType: 'text/plain', body: text, ...encoding }];
  if (html !== null) parts.push({ contentType: 'text/html', body: `<!doctype html>\n<html lang="fr"><body>\n${html}\n</body></html>\n`, ...encoding });
  return composeSystemMessage(
    {
      hostname: message.hostname,
      from: message.from,
      to: null,
      subject: message.subject,
      headers,
      parts,
      ...(parts.length > 1 ? { multipartType: 'alternative' } : {}),
    },
    date,
  );
}
