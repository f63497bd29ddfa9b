/** Form, period and level pickers shared by the roll-up and completeness pages. */
import { useEffect } from 'react';
import { Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLoad } from '../../components/useLoad.ts';
import { currentPeriod, statisticsApi } from './statistics-api.ts';

export interface Pick { form: string; period: string; by: string }

export function Selectors({ value, onChange }: { value: Pick; onChange: (p: Pick) => void }) {
  const { t, i18n } = useTranslation();
  const forms = useLoad(() => statisticsApi.forms(), []);
  useEffect(() => {
    const f = forms.data?.[0];
    if (f && !value.form) onChange({ ...value, form: f.code, period: currentPeriod(f.periodType) });
  }, [forms.data]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Space wrap>
      <label htmlFor="sel-form">{t('statistics.form')}</label>
      <Select id="sel-form" style={{ minWidth: 240 }} value={value.form || undefined}
        onChange={(code) => { const f = forms.data?.find((x) => x.code === code); onChange({ ...value, form: code, period: f ? currentPeriod(f.periodType) : value.period }); }}
        options={(forms.data ?? []).map((f) => ({ value: f.code, label: `${f.tableNo} ${i18n.language === 'en-US' && f.nameEn ? f.nameEn : f.name}` }))} />
      <label htmlFor="sel-period">{t('statistics.period')}</label>
      <Input id="sel-period" style={{ width: 110 }} defaultValue={value.period} key={value.form + value.period} onBlur={(e) => onChange({ ...value, period: e.target.value.trim() })}
        onPressEnter={(e) => onChange({ ...value, period: e.currentTarget.value.trim() })} />
      <label htmlFor="sel-by">{t('statistics.by')}</label>
      <Select id="sel-by" style={{ width: 120 }} value={value.by} onChange={(by) => onChange({ ...value, by })}
        options={(['province', 'city', 'county'] as const).map((l) => ({ value: l, label: t(`statistics.levels.${l}`) }))} />
    </Space>
  );
}
