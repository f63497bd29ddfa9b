export { createNotifyService, normaliseRecipient, SWEEP_QUEUE, PURGE_QUEUE, type NotifyService, type OutboundMessage, type NotifyDeps } from './notify.service.ts';
export { notifyRoutes } from './notify.routes.ts';
export { PermanentError, type SmsProvider, type SmsMessage, type EmailSender, type EmailMessage } from './channels.ts';
export { backoffMs } from './outbox.dispatcher.ts';
export type { Channel, OutboxStatus } from './notify.tables.ts';
