/**
 * Delivery channels. Each send either resolves (the provider accepted the message), throws a
 * `PermanentError` (it can never be delivered: no retry) or throws anything else (retried).
 * Every provider gets the outbox id as idempotency key, because delivery is at-least-once.
 */
import nodemailer from 'nodemailer';
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import * as repo from './notify.repo.ts';

/** The message can never be delivered; retrying would not help. */
export class PermanentError extends Error {}

/** Not configured in this process: the message waits, its attempt is not counted. */
export class ChannelUnavailable extends Error {}

export interface SmsMessage {
  /** Mainland mobile number, 11 digits. */
  to: string;
  text: string;
  /** `outbox:<id>`; the same key means the same message. */
  idempotencyKey: string;
  /** A confidential message: logs must not keep its text or the full number. */
  confidential?: boolean;
}

export interface SmsProvider {
  readonly name: string;
  /** Resolves with the provider's reference when the message was accepted. */
  send(msg: SmsMessage): Promise<string | null>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  idempotencyKey: string;
}

export interface EmailSender {
  send(msg: EmailMessage): Promise<string | null>;
}

export const CONFIDENTIAL_BODY = '〔保密短信：内容不在短信日志中保存〕';

/** 13912345678 → 139****5678 */
export function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Development: records the SMS in `notify.sms_messages` (the "phone" shown in the web app). */
export function tableSmsProvider(db: Db): SmsProvider {
  return {
    name: 'table',
    async send(msg) {
      // A confidential message is recorded only as having been sent: masked number, no text.
      await repo.insertSms(db, msg.confidential
        ? { phone: maskPhone(msg.to), body: CONFIDENTIAL_BODY, idempotencyKey: msg.idempotencyKey, confidential: true }
        : { phone: msg.to, body: msg.text, idempotencyKey: msg.idempotencyKey, confidential: false });
      return null;
    },
  };
}

/** Posts `{to, text, idempotencyKey}` as JSON to a gateway; any non-2xx answer is a failed attempt. */
export function httpSmsProvider(url: string, timeoutMs = 10_000): SmsProvider {
  return {
    name: 'http',
    async send(msg) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': msg.idempotencyKey },
        body: JSON.stringify({ to: msg.to, text: msg.text, idempotencyKey: msg.idempotencyKey }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text().catch(() => '');
      if (!res.ok) throw new Error(`SMS gateway answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
      return res.headers.get('x-message-id');
    },
  };
}

/** SMTP through nodemailer; null when SMTP_URL is unset. */
export function smtpEmailSender(env: Env): EmailSender | null {
  if (!env.SMTP_URL) return null;
  const transport = nodemailer.createTransport(env.SMTP_URL);
  const host = new URL(env.PUBLIC_URL ?? 'http://sunland.local').hostname;
  return {
    async send(msg) {
      try {
        const info = await transport.sendMail({
          from: env.SMTP_FROM,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          // A stable Message-ID lets the receiving side recognise a redelivered message.
          messageId: `<${msg.idempotencyKey.replace(':', '-')}@${host}>`,
          headers: { 'X-Idempotency-Key': msg.idempotencyKey },
        });
        return info.messageId ?? null;
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        // 5xx is the server's final "no" (unknown mailbox, rejected address); 4xx is "try later".
        if (code !== undefined && code >= 500 && code < 600) throw new PermanentError(`SMTP ${code}: ${(e as Error).message}`);
        throw e;
      }
    },
  };
}

export function smsProviderFromEnv(env: Env, db: Db): SmsProvider {
  if (env.SMS_PROVIDER === 'http') return httpSmsProvider(env.SMS_HTTP_URL!);
  return tableSmsProvider(db);
}
