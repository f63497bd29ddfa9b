-- SMS log confidentiality (issue 9): the development provider's log (模拟短信) no longer keeps the
-- text or the full number of confidential messages (SMS codes, messages to tip-off reporters).

alter table notify.sms_messages add column confidential boolean not null default false;
comment on column notify.sms_messages.confidential is 'True for a confidential message (保密短信: verification codes, messages to reporters): body and phone are stored masked, never in clear';
