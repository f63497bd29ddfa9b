/**
 * 举报办理参数 (tipoffs.settings.manage): the working-day limit of each ledger stage, when a stage
 * turns yellow, the duplicate radius and window, the public form's proof-of-work difficulty and
 * the rising-areas method. Saved as the row of the active post's scope (the nearest ancestor row
 * applies below it); the server's field-named errors are shown on the field.
 */
import { Alert, App, Button, Card, Divider, Form, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { postLabel, useSession } from '../../../app/session.tsx';
import { useLoad } from '../../../components/useLoad.ts';
import { tipoffsApi, type Settings, type StageKey } from '../tipoffs-api.ts';

/** The stages in ledger order with the server's bounds (tipoffs.schemas.ts `Settings`). */
const STAGES: { key: StageKey; max: number }[] = [
  { key: 'triage', max: 60 }, { key: 'assign', max: 60 }, { key: 'verify', max: 120 },
  { key: 'dispose', max: 365 }, { key: 'feedback', max: 60 }, { key: 'close', max: 60 },
];

type Field = { name: keyof Omit<Settings, 'stageDays'>; min: number; max: number; step?: number; integer?: boolean };
const DUPLICATES: Field[] = [
  { name: 'duplicateDistanceM', min: 0, max: 10000 },
  { name: 'duplicateWindowDays', min: 1, max: 3650 },
];
const OTHER: Field[] = [
  { name: 'warnDays', min: 0, max: 10 },
  { name: 'powDifficulty', min: 0, max: 28 },
  { name: 'surgeWeeks', min: 1, max: 12 },
  { name: 'surgeHistoryWeeks', min: 4, max: 104 },
  { name: 'surgeK', min: 0, max: 10, step: 0.1, integer: false },
];

export default function SettingsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me } = useSession();
  const post = me.posts.find((p) => p.id === me.activePostId);
  const [form] = Form.useForm<Settings>();
  const settings = useLoad(async () => {
    const s = await tipoffsApi.settings();
    form.setFieldsValue(s);
    return s;
  }, []);

  const rule = (min: number, max: number, integer = true) => [
    { required: true, message: t('tipoffs.settings.required') },
    { type: (integer ? 'integer' : 'number') as 'integer' | 'number', min, max, message: t('tipoffs.settings.range', { min, max }) },
  ];
  const numberItem = (f: Field) => (
    <Form.Item key={f.name} name={f.name} label={t(`tipoffs.settings.fields.${f.name}`)} extra={t(`tipoffs.settings.hints.${f.name}`)}
      rules={rule(f.min, f.max, f.integer !== false)}>
      <InputNumber style={{ width: 160 }} step={f.step ?? 1} data-testid={`settings-${f.name}`} />
    </Form.Item>
  );

  const save = async (v: Settings) => {
    try {
      const saved = await tipoffsApi.saveSettings(v);
      form.setFieldsValue(saved);
      message.success(t('tipoffs.settings.saved'));
    } catch (e) {
      showError(t, e, message, form);
    }
  };

  return (
    <Card title={t('tipoffs.settings.title')} loading={settings.loading && !settings.data}>
      <Typography.Paragraph type="secondary">{t('tipoffs.settings.intro')}</Typography.Paragraph>
      {post && <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 760 }} title={t('tipoffs.settings.scope', { post: postLabel(post, i18n.language === 'en-US') })} />}
      <Form form={form} layout="horizontal" labelCol={{ flex: '240px' }} labelWrap onFinish={(v) => void save(v)} style={{ maxWidth: 760 }} data-testid="tipoffs-settings-form">
        <Divider titlePlacement="start">{t('tipoffs.settings.stageDays')}</Divider>
        {STAGES.map((s) => (
          <Form.Item key={s.key} name={['stageDays', s.key]} label={t(`tipoffs.stages.${s.key}`)} rules={rule(1, s.max)}>
            <InputNumber style={{ width: 160 }} suffix={t('tipoffs.settings.workdays')} data-testid={`settings-stage-${s.key}`} />
          </Form.Item>
        ))}
        {numberItem(OTHER[0]!)}
        <Divider titlePlacement="start">{t('tipoffs.settings.duplicates')}</Divider>
        {DUPLICATES.map(numberItem)}
        <Divider titlePlacement="start">{t('tipoffs.settings.protection')}</Divider>
        {numberItem(OTHER[1]!)}
        <Divider titlePlacement="start">{t('tipoffs.settings.rising')}</Divider>
        {OTHER.slice(2).map(numberItem)}
        <Form.Item label=" " colon={false}>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="settings-save">{t('tipoffs.settings.save')}</Button>
            <Button onClick={() => settings.data && form.setFieldsValue(settings.data)}>{t('tipoffs.settings.revert')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
