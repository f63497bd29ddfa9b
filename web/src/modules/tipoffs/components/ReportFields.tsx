/**
 * The fields of a report that the public form and the staff entry share: the reporter
 * (anonymous or real name), the violation type grouped land / minerals, the place (division,
 * address, point on the map), the party reported, the facts and the files.
 */
import { Form, Input, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LAND_TYPES, MINERAL_TYPES } from '../tipoffs-api.ts';
import { DivisionCascader } from './DivisionCascader.tsx';
import type { FileUploadField as EagerFileUploadField } from './FileUploadField.tsx';
import { lazy, Suspense, type ComponentProps } from 'react';
import type { MapPointPicker as EagerMapPointPicker } from './MapPointPicker.tsx';

// OpenLayers (~100 KB compressed) loads only with the picker: the form is usable before the map arrives.
const LazyMapPointPicker = lazy(() => import('./MapPointPicker.tsx').then((m) => ({ default: m.MapPointPicker })));
function MapPointPicker(props: ComponentProps<typeof EagerMapPointPicker>) {
  const placeholder = <div style={{ height: props.height ?? 320, border: '1px solid #d9d9d9', borderRadius: 6, background: '#f7f9fc' }} />;
  return <Suspense fallback={placeholder}><LazyMapPointPicker {...props} /></Suspense>;
}

// The upload control (antd Upload, its progress bar and icons: ~9 requests on a township link)
// loads after the form shows: evidence comes last on the form.
const LazyFileUploadField = lazy(() => import('./FileUploadField.tsx').then((m) => ({ default: m.FileUploadField })));
function FileUploadField(props: ComponentProps<typeof EagerFileUploadField>) {
  return <Suspense fallback={<div style={{ height: 32 }} />}><LazyFileUploadField {...props} /></Suspense>;
}

export function ReporterFields() {
  const { t } = useTranslation();
  const anonymous = Form.useWatch(['reporter', 'anonymous']) as boolean | undefined;
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16 }}>{t('tipoffs.form.sectionReporter')}</Typography.Title>
      <Form.Item name={['reporter', 'anonymous']} label={t('tipoffs.form.identity')} initialValue={true}
        extra={anonymous ? t('tipoffs.form.anonymousHint') : undefined}>
        <Radio.Group optionType="button" options={[
          { value: true, label: t('tipoffs.form.anonymous') },
          { value: false, label: t('tipoffs.form.realName') },
        ]} />
      </Form.Item>
      {anonymous === false && (
        <>
          <Form.Item name={['reporter', 'name']} label={t('tipoffs.form.name')} rules={[{ required: true, max: 50 }]}>
            <Input autoComplete="name" />
          </Form.Item>
          <Form.Item name={['reporter', 'idNumber']} label={t('tipoffs.form.idNumber')} rules={[{ min: 15, max: 18 }]}>
            <Input />
          </Form.Item>
        </>
      )}
      <Form.Item name={['reporter', 'phone']} label={t('tipoffs.form.phone')} rules={[{ pattern: /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/ }]}>
        <Input autoComplete="tel" inputMode="tel" />
      </Form.Item>
      <Form.Item name={['reporter', 'email']} label={t('tipoffs.form.email')} rules={[{ type: 'email' }]}>
        <Input autoComplete="email" />
      </Form.Item>
    </>
  );
}

export function MatterFields({ uploadEndpoint }: { uploadEndpoint: string }) {
  const { t } = useTranslation();
  const divisionCode = Form.useWatch(['place', 'divisionCode']) as string | null | undefined;
  const typeOption = (code: string) => ({ value: code, label: t(`tipoffs.types.${code}`) });
  return (
    <>
      <Typography.Title level={2} style={{ fontSize: 16 }}>{t('tipoffs.form.sectionMatter')}</Typography.Title>
      <Form.Item name="violationType" label={t('tipoffs.form.violationType')} rules={[{ required: true }]}>
        <Select data-testid="violation-type" options={[
          { label: t('tipoffs.categories.land'), title: 'land', options: LAND_TYPES.map(typeOption) },
          { label: t('tipoffs.categories.mineral'), title: 'mineral', options: MINERAL_TYPES.map(typeOption) },
        ]} />
      </Form.Item>
      <Form.Item name={['place', 'divisionCode']} label={t('tipoffs.form.division')} rules={[{ required: true }]}>
        <DivisionCascader />
      </Form.Item>
      <Form.Item name={['place', 'address']} label={t('tipoffs.form.address')} rules={[{ required: true, min: 2, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name={['place', 'point']} label={t('tipoffs.form.point')} rules={[{ required: true, message: t('tipoffs.form.pointRequired') }]}>
        <MapPointPicker divisionCode={divisionCode} />
      </Form.Item>
      <Form.Item name="party" label={t('tipoffs.form.party')} rules={[{ required: true, max: 200 }]}>
        <Input placeholder={t('tipoffs.form.partyHint')} />
      </Form.Item>
      <Form.Item name="facts" label={t('tipoffs.form.facts')} rules={[{ required: true, min: 10, max: 5000 }]}>
        <Input.TextArea rows={5} showCount maxLength={5000} placeholder={t('tipoffs.form.factsHint')} />
      </Form.Item>
      <Form.Item name="files" label={t('tipoffs.form.files')} initialValue={[]}>
        <FileUploadField endpoint={uploadEndpoint} />
      </Form.Item>
    </>
  );
}

/** Form values → API body: drops empty optional reporter fields (the server's schema is strict). */
export function cleanReporter(r: Record<string, unknown> | undefined): { anonymous: boolean; name?: string; phone?: string; email?: string; idNumber?: string } {
  const out: Record<string, unknown> = { anonymous: r?.anonymous !== false };
  for (const k of ['name', 'phone', 'email', 'idNumber']) {
    const v = typeof r?.[k] === 'string' ? (r[k] as string).trim() : '';
    if (v && !(out.anonymous && (k === 'name' || k === 'idNumber'))) out[k] = v;
  }
  return out as ReturnType<typeof cleanReporter>;
}
