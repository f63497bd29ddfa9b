/**
 * The matter form (事项变更): guide fields, the materials list and the flow of review stages
 * (single or parallel departments, completion rule, time limit, clock-stopping special steps).
 * Saving makes a new version; running cases keep the version they started with.
 */
import { useEffect, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { showError } from '../../../app/errors.ts';
import { DEPARTMENTS, LEVELS, MATTER_TYPES, PAUSE_KINDS, reviseMatter, toInput, type MatterInput, type MatterView } from './catalogue-api.ts';

const KEY_RULE = /^[a-z][a-z0-9_]{0,39}$/;

export default function MatterEditor({ matter, onClose, onSaved }: { matter: MatterView | null; onClose(): void; onSaved(v: MatterView): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MatterInput>();
  const [saving, setSaving] = useState(false);
  const flow = Form.useWatch('flow', form) as MatterInput['flow'] | undefined;
  const c = (k: string) => t(`approvals.catalogue.${k}`);

  useEffect(() => {
    if (matter) form.setFieldsValue({ ...matter, note: '' });
  }, [matter, form]);

  const save = async () => {
    if (!matter) return;
    let values: MatterInput;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const v = await reviseMatter(matter.code, toInput({ ...matter, ...values }));
      message.success(t('approvals.catalogue.saved', { version: v.version }));
      onSaved(v);
    } catch (e) {
      showError(t, e, message, form);
    } finally {
      setSaving(false);
    }
  };

  const keyRule = { pattern: KEY_RULE, message: c('keyRule') };
  return (
    <Drawer open={matter !== null} onClose={onClose} size="large" width={980} destroyOnHidden
      title={matter ? t('approvals.catalogue.editTitle', { code: matter.code, version: matter.version }) : ''}
      extra={<Space><Button onClick={onClose}>{c('cancel')}</Button><Button type="primary" loading={saving} onClick={() => void save()} data-testid="matter-save">{c('saveVersion')}</Button></Space>}>
      <Form form={form} layout="vertical" requiredMark="optional">
        <Row gutter={16}>
          <Col span={12}><Form.Item name="name" label={c('fields.name')} rules={[{ required: true, min: 2, max: 100 }]}><Input /></Form.Item></Col>
          <Col span={6}><Form.Item name="type" label={c('fields.type')} rules={[{ required: true }]}><Select options={MATTER_TYPES.map((v) => ({ value: v, label: v }))} /></Form.Item></Col>
          <Col span={6}><Form.Item name="implementingLevel" label={c('fields.implementingLevel')} rules={[{ required: true }]}>
            <Select options={LEVELS.map((v) => ({ value: v, label: t(`approvals.catalogue.levels.${v}`) }))} />
          </Form.Item></Col>
          <Col span={8}><Form.Item name="department" label={c('fields.department')} rules={[{ required: true, max: 60 }]}><Input /></Form.Item></Col>
          <Col span={4}><Form.Item name="statutoryDays" label={c('fields.statutoryDays')} rules={[{ required: true }]}><InputNumber min={1} max={365} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={4}><Form.Item name="promisedDays" label={c('fields.promisedDays')} dependencies={['statutoryDays']}
            rules={[{ required: true }, ({ getFieldValue }) => ({ validator: (_, v) => (v === undefined || v <= getFieldValue('statutoryDays') ? Promise.resolve() : Promise.reject(new Error(c('promisedTooLong')))) })]}>
            <InputNumber min={1} max={365} style={{ width: '100%' }} />
          </Form.Item></Col>
          <Col span={4}><Form.Item name="counterVisits" label={c('fields.counterVisits')} rules={[{ required: true }]}><InputNumber min={0} max={5} style={{ width: '100%' }} /></Form.Item></Col>
          <Col span={4}><Form.Item name="complex" label={c('fields.complex')} valuePropName="checked" tooltip={c('complexHint')}><Switch /></Form.Item></Col>
          <Col span={24}><Form.Item name="legalBasis" label={c('fields.legalBasis')} rules={[{ required: true, min: 2, max: 4000 }]}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="conditions" label={c('fields.conditions')} rules={[{ required: true, min: 2, max: 4000 }]}><Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} /></Form.Item></Col>
          <Col span={24}><Form.Item name="fees" label={c('fields.fees')} rules={[{ required: true, max: 500 }]}><Input /></Form.Item></Col>
        </Row>

        <Divider titlePlacement="start">{c('materialsTitle')}</Divider>
        <Form.List name="materials">
          {(fields, { add, remove }) => (
            <>
              {fields.map(({ key, name }) => (
                <Row key={key} gutter={8} align="top">
                  <Col span={4}><Form.Item name={[name, 'key']} rules={[{ required: true }, keyRule]}><Input aria-label={c('material.key')} placeholder={c('material.key')} /></Form.Item></Col>
                  <Col span={7}><Form.Item name={[name, 'name']} rules={[{ required: true, min: 2, max: 100 }]}><Input aria-label={c('material.name')} placeholder={c('material.name')} /></Form.Item></Col>
                  <Col span={3}><Form.Item name={[name, 'kind']} rules={[{ required: true }]}>
                    <Select aria-label={c('material.kind')} options={[{ value: 'file', label: c('material.file') }, { value: 'eform', label: c('material.eform') }]} />
                  </Form.Item></Col>
                  <Col span={3}><Form.Item name={[name, 'form']} rules={[{ required: true }]}>
                    <Select aria-label={c('material.form')} options={[{ value: 'original', label: c('material.original') }, { value: 'copy', label: c('material.copy') }]} />
                  </Form.Item></Col>
                  <Col span={3}><Form.Item name={[name, 'pages']} rules={[{ required: true }]}><InputNumber aria-label={c('material.pageCount')} min={0} max={999} addonAfter={c('material.pages')} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={3}><Form.Item name={[name, 'required']} valuePropName="checked"><Checkbox>{c('material.required')}</Checkbox></Form.Item></Col>
                  <Col span={1}><Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(name)} aria-label={c('remove')} /></Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', kind: 'file', form: 'copy', pages: 1, required: true })}>{c('addMaterial')}</Button>
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">{c('flowTitle')}</Divider>
        <Typography.Paragraph type="secondary">{c('flowHint')}</Typography.Paragraph>
        <Form.List name="flow">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map(({ key, name }, i) => (
                <Card key={key} size="small" style={{ marginBottom: 12 }} title={t('approvals.catalogue.stageN', { n: i + 1 })}
                  extra={<Space>
                    <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>{c('up')}</Button>
                    <Button size="small" disabled={i === fields.length - 1} onClick={() => move(i, i + 1)}>{c('down')}</Button>
                    <Button size="small" danger icon={<DeleteOutlined />} onClick={() => remove(name)}>{c('remove')}</Button>
                  </Space>}>
                  <Row gutter={8}>
                    <Col span={5}><Form.Item name={[name, 'key']} label={c('stage.key')} rules={[{ required: true }, keyRule]}><Input /></Form.Item></Col>
                    <Col span={7}><Form.Item name={[name, 'name']} label={c('stage.name')} rules={[{ required: true, min: 2, max: 60 }]}><Input /></Form.Item></Col>
                    <Col span={6}><Form.Item name={[name, 'kind']} label={c('stage.kind')} rules={[{ required: true }]}>
                      <Select options={[{ value: 'single', label: c('stage.single') }, { value: 'parallel', label: c('stage.parallel') }]} />
                    </Form.Item></Col>
                    <Col span={6}><Form.Item name={[name, 'limitDays']} label={c('stage.limitDays')} rules={[{ required: true }]}><InputNumber min={0} max={365} style={{ width: '100%' }} /></Form.Item></Col>
                    <Col span={12}>
                      <Form.Item name={[name, 'departments']} label={c('stage.departments')} required dependencies={[['flow', name, 'kind']]}
                        rules={[({ getFieldValue }) => ({
                          validator: (_, v: string[] | undefined) => {
                            const single = getFieldValue(['flow', name, 'kind']) === 'single';
                            const n = v?.length ?? 0;
                            if (n >= 1 && n <= (single ? 1 : 12)) return Promise.resolve();
                            return Promise.reject(new Error(single ? c('stage.oneDepartment') : c('stage.someDepartments')));
                          },
                        })]}>
                        <Select mode="tags" options={DEPARTMENTS.map((d) => ({ value: d, label: t(`approvals.catalogue.departments.${d}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col span={6}><Form.Item name={[name, 'rule']} label={c('stage.rule')} rules={[{ required: true }]}>
                      <Select options={[{ value: 'all_agree', label: c('stage.allAgree') }, { value: 'any_refuse', label: c('stage.anyRefuse') }]} />
                    </Form.Item></Col>
                    <Col span={6}>
                      <Form.Item name={[name, 'pausesClock']} label={c('stage.pausesClock')} valuePropName="checked" tooltip={c('stage.pausesClockHint')}><Switch /></Form.Item>
                    </Col>
                    {flow?.[name]?.pausesClock && (
                      <Col span={8}><Form.Item name={[name, 'pauseKind']} label={c('stage.pauseKind')} rules={[{ required: true }]}>
                        <Select options={PAUSE_KINDS.map((k) => ({ value: k, label: t(`approvals.catalogue.pauseKinds.${k}`) }))} />
                      </Form.Item></Col>
                    )}
                  </Row>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} data-testid="add-stage"
                onClick={() => add({ key: `stage_${fields.length + 1}`, name: '', kind: 'single', departments: [], rule: 'all_agree', limitDays: 3, pausesClock: false })}>{c('addStage')}</Button>
            </>
          )}
        </Form.List>

        <Divider />
        <Form.Item name="note" label={c('fields.note')} rules={[{ required: true, min: 2, max: 500, whitespace: true, message: c('noteRule') }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} placeholder={c('notePlaceholder')} data-testid="matter-note" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
