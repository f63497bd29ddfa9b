/**
 * 好差评: five levels with tags, once after the decision; a bad rating (the lowest two) opens a
 * rectification, after which one follow-up rating (追评) is allowed. Same pair as tracking.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Input, List, Radio, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';
import { showError } from '../../../app/errors.ts';
import { useLoad } from '../../../components/useLoad.ts';
import type { RatingState } from './journey-api.ts';

const LEVELS = [5, 4, 3, 2, 1] as const;

/** Without `idNumber`: the signed-in owner's case (我的办件), proven by the login. */
export function RatingForm({ caseNo, idNumber }: { caseNo: string; idNumber?: string | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const url = idNumber ? `/api/public/approvals/cases/${encodeURIComponent(caseNo)}/rating` : `/api/public/approvals/my-cases/${encodeURIComponent(caseNo)}/rating`;
  const state = useLoad(() => api.get<RatingState>(url, idNumber ? { idNumber } : undefined), [url, idNumber]);
  const [level, setLevel] = useState<number | null>(null);
  const [tags, setTags] = useState<string[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const s = state.data;
  if (!s) return null;

  const bad = level !== null && level <= 2;
  const choices = level === null ? [] : bad ? s.tags.bad : s.tags.good;
  const open = s.canRate || s.canFollowUp;

  const submit = async () => {
    if (level === null) return;
    setBusy(true);
    try {
      await api.post(url, { ...(idNumber ? { idNumber } : {}), level, tags, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      message.success(t('approvals.journey.rating.thanks'));
      setLevel(null);
      setTags([]);
      setComment('');
      await state.reload();
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card id="rating" title={t('approvals.journey.rating.title')} style={{ marginBottom: 16 }} data-testid="rating-card">
      {s.ratings.length > 0 && (
        <List size="small" style={{ marginBottom: 12 }} dataSource={s.ratings} renderItem={(r) => (
          <List.Item>
            <Space wrap>
              <Tag color={r.level <= 2 ? 'red' : 'green'} data-testid="rating-given">{t(`approvals.journey.rating.levels.l${r.level}`)}</Tag>
              {r.followUp && <Tag>{t('approvals.journey.rating.followUp')}</Tag>}
              {r.tags.map((x) => <Tag key={x}>{x}</Tag>)}
              {r.comment && <Typography.Text>{r.comment}</Typography.Text>}
              <Typography.Text type="secondary">{dayjs(r.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
            </Space>
          </List.Item>
        )} />
      )}
      {s.rectification && (
        <Alert type={s.rectification.status === 'done' ? 'success' : 'warning'} showIcon style={{ marginBottom: 12 }}
          title={t(`approvals.journey.rating.rectification.${s.rectification.status}`, { defaultValue: s.rectification.status })}
          description={[
            s.rectification.dueDate ? t('approvals.journey.rating.rectificationDue', { date: s.rectification.dueDate }) : '',
            s.rectification.result ?? '',
          ].filter(Boolean).join(' · ') || undefined} />
      )}
      {open ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text>{s.canFollowUp ? t('approvals.journey.rating.followUpIntro') : t('approvals.journey.rating.intro')}</Typography.Text>
          <Radio.Group optionType="button" buttonStyle="solid" value={level} onChange={(e) => { setLevel(e.target.value as number); setTags([]); }}
            options={LEVELS.map((l) => ({ value: l, label: t(`approvals.journey.rating.levels.l${l}`) }))} />
          {choices.length > 0 && (
            <Checkbox.Group value={tags} onChange={(v) => setTags(v as string[])} options={choices.map((x) => ({ value: x, label: x }))} />
          )}
          {bad && <Typography.Text type="warning">{t('approvals.journey.rating.badHint')}</Typography.Text>}
          <Input.TextArea rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('approvals.journey.rating.comment')} />
          <Button type="primary" disabled={level === null} loading={busy} onClick={() => void submit()}>{t('approvals.journey.rating.submit')}</Button>
        </Space>
      ) : s.ratings.length === 0 ? <Typography.Text type="secondary">{t('approvals.journey.rating.notYet')}</Typography.Text> : null}
    </Card>
  );
}
