/**
 * Inbound SMS (上行短信) from the SMS gateway: a recipient of a warning replies with its 4-digit
 * code and the reply acknowledges the dispatch (签收). Provider-style webhook, like the SMS
 * platforms' 上行推送: the gateway posts `{messageId, from, text, receivedAt?}` with
 *   x-sms-timestamp: unix seconds (refused more than 5 minutes away from the server's clock)
 *   x-sms-signature: hex HMAC-SHA256(SMS_INBOUND_SECRET, `${timestamp}\n${messageId}\n${from}\n${text}`)
 * A valid message that matches no open dispatch answers 200 `{acknowledged: 0}` (the gateway must
 * not retry it); a repeat of the same message acknowledges nothing more.
 */
import crypto from 'node:crypto';

export const SMS_CLOCK_SKEW_S = 300;

export function smsSignature(secret: string, timestamp: string, m: { messageId: string; from: string; text: string }): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}\n${m.messageId}\n${m.from}\n${m.text}`).digest('hex');
}

/** Constant-time comparison of a hex signature; false for anything that is not 64 hex digits. */
export function smsSignatureValid(secret: string, timestamp: string, m: { messageId: string; from: string; text: string }, signature: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return crypto.timingSafeEqual(Buffer.from(smsSignature(secret, timestamp, m), 'hex'), Buffer.from(signature.toLowerCase(), 'hex'));
}

/** The sender as the outbox stores it: 11 mobile digits, without +86 / 0086 / spaces. */
export function normalisePhone(from: string): string | null {
  const d = from.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(d) ? d : null;
}

/** The reply code in a reply text: the first group of exactly 4 digits (全角 digits folded). */
export function replyCode(text: string): string | null {
  const half = text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return /(?<!\d)(\d{4})(?!\d)/.exec(half)?.[1] ?? null;
}
