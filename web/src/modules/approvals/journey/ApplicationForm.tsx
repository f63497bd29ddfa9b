/**
 * The application of one matter: applicant, the matter's e-form (from its form definition) and
 * one upload per file material. Used online by the applicant and at the window for walk-ins.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { MaterialUpload } from './MaterialUpload.tsx';
import { DivisionCascader } from '../../tipoffs/components/DivisionCascader.tsx';
import type { FormFieldDef, MaterialDef, MatterView, Uploaded } from './journey-api.ts';

export interface ApplicationValues {
  matterCode: string;
  applicant: { kind: 'person' | 'company'; name: string; idNumber: string; phone: string; contactName?: string };
  formData: Record<string, string | number | null>;
  materials: Record<string, string[]>;
  divisionCode?: string;
}

export function ApplicationForm({ matter, uploadUrl, initialApplicant, fromAccount = false, submitText, onSubmit }: {
  matter: MatterView;
  uploadUrl: string;
  initialApplicant?: Partial<ApplicationValues['applicant']>;
  /** Online: the applicant is the signed-in account (实名), not typed; only a contact person may be added. */
  fromAccount?: boolean;
  submitText: string;
  onSubmit(values: ApplicationValues): Promise<void>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [files, setFiles] = useState<Record<string, Uploaded[]>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const materials = (matter.materials as MaterialDef[]);
  const fields = matter.form as FormFieldDef[];

  const finish = async (v: { applicant: ApplicationValues['applicant']; formData?: Record<string, unknown>; divisionCode?: string }) => {
    const formData: Record<string, string | number | null> = {};
    for (const f of fields) {
      const x = v.formData?.[f.key];
      formData[f.key] = x === undefined || x === '' ? null : (x as string | number);
    }
    const mats: Record<string, string[]> = {};
    for (const [k, list] of Object.entries(files)) if (list.length) mats[k] = list.map((f) => f.id);
    setMissing([]);
    setBusy(true);
    try {
      await onSubmit({
        matterCode: matter.code,
        // Online the server takes name, ID number and phone from the account.
        applicant: fromAccount
          ? ((v.applicant?.contactName ? { contactName: v.applicant.contactName } : {}) as ApplicationValues['applicant'])
          : { ...v.applicant, contactName: v.applicant.contactName || undefined },
        formData, materials: mats, ...(v.divisionCode ? { divisionCode: v.divisionCode } : {}),
      });
    } catch (e) {
      const text = showError(t, e, message, form);
      const miss = (e as { details?: { missing?: unknown } }).details?.missing;
      if (Array.isArray(miss)) setMissing(miss.map(String));
      else if (!text) setMissing([]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={(v) => void finish(v)} scrollToFirstError
      initialValues={{ applicant: { kind: 'person', ...initialApplicant } }}>
      <Card size="small" title={t('approvals.journey.apply.applicant')} style={{ marginBottom: 16 }}>
        {fromAccount && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="applicant-from-account"
            title={t('approvals.journey.apply.fromAccount', { name: initialApplicant?.name ?? '' })} />
        )}
        <Row gutter={16}>
          {!fromAccount && <>
          <Col xs={24} md={8}>
            <Form.Item name={['applicant', 'kind']} label={t('approvals.journey.apply.applicantKind')}>
              <Radio.Group options={[{ value: 'person', label: t('approvals.journey.apply.person') }, { value: 'company', label: t('approvals.journey.apply.company') }]} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['applicant', 'name']} label={t('approvals.journey.apply.applicantName')} rules={[{ required: true, min: 2, max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['applicant', 'idNumber']} label={t('approvals.journey.apply.idNumber')} rules={[{ required: true, len: 18 }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name={['applicant', 'phone']} label={t('approvals.journey.apply.phone')} rules={[{ required: true, min: 11, max: 20 }]}>
              <Input inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
          </>}
          <Col xs={24} md={8}>
            <Form.Item name={['applicant', 'contactName']} label={t('approvals.journey.apply.contactName')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          {matter.implementingLevel === 'township' && (
            <Col xs={24} md={8}>
              {/* The townships of the handling county (matter codes begin with its division code, 事项编码). */}
              <Form.Item name="divisionCode" label={t('approvals.journey.apply.divisionCode')} rules={[{ required: true, pattern: /^\d{9}$/, message: t('approvals.journey.apply.divisionCodeFormat') }]}>
                <DivisionCascader root={/^\d{6}/.test(matter.code) ? matter.code.slice(0, 6) : '000000'} placeholder={t('approvals.journey.apply.divisionPick')} />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>
      {fields.length > 0 && (
        <Card size="small" title={t('approvals.journey.apply.eform')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            {fields.map((f) => (
              <Col key={f.key} xs={24} md={f.type === 'textarea' ? 24 : 12}>
                <Form.Item name={['formData', f.key]} label={f.label} rules={f.required ? [{ required: true }] : []}>
                  {f.type === 'number' ? <InputNumber style={{ width: '100%' }} min={0} max={f.max} />
                    : f.type === 'select' ? <Select options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />
                    : f.type === 'textarea' ? <Input.TextArea rows={4} maxLength={f.max ?? 2000} />
                    : f.type === 'date' ? <Input type="date" />
                    : <Input maxLength={f.max} />}
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>
      )}
      <Card size="small" title={t('approvals.journey.apply.materials')} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('approvals.journey.apply.materialsHint')}</Typography.Paragraph>
        {materials.map((m) => (
          <div key={m.key} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0' }}>
            <div style={{ marginBottom: 6 }}>
              {m.required ? <Tag color="red">{t('approvals.journey.guide.requiredYes')}</Tag> : <Tag>{t('approvals.journey.guide.requiredNo')}</Tag>}
              <b>{m.name}</b>
              <Typography.Text type="secondary"> · {m.kind === 'eform' ? t('approvals.journey.guide.eform') : t(`approvals.journey.guide.forms.${m.form}`)} · {t('approvals.journey.apply.pages', { count: m.pages })}</Typography.Text>
              {missing.includes(m.key) && <Typography.Text type="danger"> {t('approvals.journey.apply.missing')}</Typography.Text>}
            </div>
            {m.kind === 'eform'
              ? <Typography.Text type="secondary">{t('approvals.journey.apply.eformFilled')}</Typography.Text>
              : <MaterialUpload materialKey={m.key} url={uploadUrl} value={files[m.key] ?? []} onChange={(list) => setFiles((s) => ({ ...s, [m.key]: list }))} />}
          </div>
        ))}
      </Card>
      <Button type="primary" htmlType="submit" size="large" loading={busy}>{submitText}</Button>
    </Form>
  );
}
