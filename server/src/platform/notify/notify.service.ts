/**
 * Notifications through a transactional outbox: `enqueue` writes in the caller's transaction,
 * the dispatcher delivers after commit (SMS, e-mail, in-app inbox with SSE push).
 */
import type { Env } from '../../env.ts';
import type { Db } from '../db/database.ts';
import type { Tx } from '../db/context.ts';
import { invalid } from '../http/errors.ts';
import { assertPrintable } from '../printable.ts';
import type { Jobs } from '../jobs/index.ts';
import { smsProviderFromEnv, smtpEmailSender, type EmailSender, type SmsProvider } from './channels.ts';
import { createDispatcher, type Dispatcher } from './outbox.dispatcher.ts';
import { createPgListener, type PgListener } from './pg-listener.ts';
import { createSseHub, type SseHub } from './sse.hub.ts';
import * as repo from './notify.repo.ts';
import type { Channel } from './notify.tables.ts';

export interface OutboundMessage {
  channel: Channel;
  /** User id (inapp), mainland mobile number (sms) or address (email). */
  to: string;
  /** E-mail subject or in-app title; ignored for SMS. */
  subject?: string;
  body: string;
  /** Structured payload for the in-app item (e.g. `{ link: '/cases/12' }`). */
  data?: Record<string, unknown>;
  /** A second enqueue with the same key is ignored and returns the first id. */
  dedupeKey?: string;
  /** Do not deliver before this time (reminders). */
  notBefore?: Date;
  /**
   * Confidential (保密): verification codes, messages to tip-off reporters. Delivered as usual, but
   * the development SMS log keeps neither its text nor the full number (`data.confidential`).
   */
  confidential?: boolean;
}

export interface NotifyDeps {
  db: Db;
  env: Env;
  jobs: Jobs;
  /** Application-role URL for the LISTEN connection. */
  connectionString: string;
  /** Replace the providers chosen from `env` (tests, other gateways). */
  sms?: SmsProvider;
  email?: EmailSender | null;
}

export const SWEEP_QUEUE = 'notify.outbox-sweep';
export const PURGE_QUEUE = 'notify.outbox-purge';
/** Settled outbox rows are kept this long for enquiries ("was the SMS sent?"), then deleted. */
export const OUTBOX_RETENTION_DAYS = 180;
const MOBILE = /^1[3-9]\d{9}$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const SMS_MAX_CHARS = 500;

/** Checks and normalises the recipient; throws validation.failed naming the field. */
export function normaliseRecipient(channel: Channel, to: string): string {
  const raw = String(to ?? '').trim();
  switch (channel) {
    case 'sms': {
      const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
      if (!MOBILE.test(digits)) throw invalid('to', 'not a mainland mobile number (11 digits starting 13–19)', '不是有效的大陆手机号码（以13至19开头的11位数字）');
      return digits;
    }
    case 'email':
      if (!EMAIL.test(raw) || raw.length > 254) throw invalid('to', 'not an e-mail address', '不是有效的电子邮箱地址');
      return raw;
    case 'inapp':
      if (!/^[1-9]\d{0,15}$/.test(raw)) throw invalid('to', 'not a user id', '不是有效的用户编号');
      return raw;
    default:
      throw invalid('channel', `unknown channel ${String(channel)}`, `不是可选的通知渠道：${String(channel)}`);
  }
}

export function createNotifyService(deps: NotifyDeps) {
  const { db, env, jobs } = deps;
  let listener: PgListener | null = null;
  const getListener = () => (listener ??= createPgListener(deps.connectionString));
  const hub: SseHub = createSseHub(db, getListener);
  const dispatcher: Dispatcher = createDispatcher({
    db,
    sms: deps.sms ?? smsProviderFromEnv(env, db),
    email: deps.email === undefined ? smtpEmailSender(env) : deps.email,
    maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
    retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
    log: (m) => {
      if (env.LOG_LEVEL !== 'silent') process.stderr.write(`[sunland] notify: ${m}\n`);
    },
  });
  let subscribed = false;

  // The cluster-wide sweep: picks up rows whose NOTIFY was missed (a process that crashed after
  // commit, a listener that was reconnecting). Runs in whichever process the cron job lands on.
  void jobs.work(SWEEP_QUEUE, async () => dispatcher.wake()).catch(() => {});
  void jobs.schedule(SWEEP_QUEUE, '* * * * *').catch(() => {});
  void jobs.work(PURGE_QUEUE, async () => { await repo.purgeSettled(db, OUTBOX_RETENTION_DAYS); }).catch(() => {});
  void jobs.schedule(PURGE_QUEUE, '30 3 * * *', {}, { tz: 'Asia/Shanghai' }).catch(() => {});

  return {
    /**
     * Queues a message in the caller's transaction: it is delivered after that transaction
     * commits, and never if it rolls back. Returns the outbox id.
     */
    async enqueue(trx: Tx, msg: OutboundMessage): Promise<number> {
      const to = normaliseRecipient(msg.channel, msg.to);
      const body = String(msg.body ?? '');
      if (!body.trim()) throw invalid('body', 'required', '必须填写');
      if (msg.channel === 'sms' && body.length > SMS_MAX_CHARS) throw invalid('body', `an SMS has at most ${SMS_MAX_CHARS} characters`, `短信不能超过${SMS_MAX_CHARS}个字符`);
      if (msg.channel === 'email' && !msg.subject?.trim()) throw invalid('subject', 'an e-mail needs a subject', '电子邮件须填写主题');
      if (msg.channel !== 'inapp') assertPrintable({ subject: msg.subject ?? '', body }, `${msg.channel} message`);
      return repo.insertOutbox(trx, {
        channel: msg.channel,
        recipient: to,
        subject: msg.subject ?? null,
        body,
        data: msg.confidential ? { ...msg.data, confidential: true } : (msg.data ?? {}),
        dedupeKey: msg.dedupeKey ?? null,
        ...(msg.notBefore ? { nextAttemptAt: msg.notBefore } : {}),
      });
    },

    /** Starts delivering: LISTEN for new rows, then drain what is already due (e.g. left by a crash). */
    async startDelivery(): Promise<void> {
      if (!subscribed) {
        await getListener().listen('sunland_outbox', () => dispatcher.wake(), () => dispatcher.wake());
        subscribed = true;
      }
      dispatcher.start();
    },

    /** Stops delivering; waits for messages being sent right now. */
    async stopDelivery(): Promise<void> {
      await dispatcher.stop();
    },

    /**
     * Delivers every due message now, in this process, whether or not delivery was started.
     * For tests on an app without background work (`JOBS=false`) and for operators.
     */
    deliverDue: () => dispatcher.deliverNow(),

    /** Resolves once the dispatcher has nothing in hand (tests). */
    idle: () => dispatcher.idle(),

    /** Deletes settled messages older than the retention (the nightly job does this). */
    purgeSettled: (days = OUTBOX_RETENTION_DAYS) => repo.purgeSettled(db, days),

    /** Wakes the dispatcher now (the cron sweep does this every minute). */
    sweep: () => dispatcher.wake(),

    /** The SSE streams of this process. */
    hub,

    /** LISTEN on a channel over this process's one listening connection (the session cache uses it); `onReconnect` after a lost connection. */
    listen: (channel: string, handler: (payload: string) => void, onReconnect?: () => void) => getListener().listen(channel, handler, onReconnect),

    /** Ends SSE streams and the LISTEN connection; called when the HTTP server closes. */
    async shutdown(): Promise<void> {
      hub.closeAll();
      await dispatcher.stop();
      const l = listener;
      listener = null;
      subscribed = false;
      if (l) await l.close();
    },

    // In-app inbox; the caller's transaction carries the actor, RLS keeps it to their own rows.
    listInbox: repo.listInbox,
    listInboxWithUnread: repo.listInboxWithUnread,
    findInboxItem: repo.findInboxItem,
    countUnread: repo.countUnread,
    markRead: repo.markRead,
    markAllRead: repo.markAllRead,

    /** The development SMS phone (`SMS_PROVIDER=table`). */
    listSms: (q: Tx, opts: { phone?: string; limit: number }) => repo.listSms(q, opts),
  };
}

export type NotifyService = ReturnType<typeof createNotifyService>;
