/**
 * The materials checklist of the formal check: every file material with what was received; tick
 * each one that is missing or deficient and say why — the one-time notice lists them all at once.
 */
import { Checkbox, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseView, MaterialDef, MatterView } from '../journey/journey-api.ts';

export type SupplementDraft = Record<string, { ticked: boolean; reason: string }>;

export function SupplementChecklist({ c, matter, value, onChange }: { c: CaseView; matter: MatterView | null; value: SupplementDraft; onChange(v: SupplementDraft): void }) {
  const { t } = useTranslation();
  const defs = ((matter?.materials ?? []) as MaterialDef[]).filter((m) => m.kind === 'file');
  const rows = defs.map((d) => ({ def: d, files: c.materials.find((m) => m.key === d.key)?.files.length ?? 0 }));
  const set = (key: string, patch: Partial<{ ticked: boolean; reason: string }>) => {
    const cur = value[key] ?? { ticked: false, reason: '' };
    onChange({ ...value, [key]: { ...cur, ...patch } });
  };
  return (
    <Table size="small" rowKey={(r) => r.def.key} pagination={false} dataSource={rows} data-testid="checklist"
      columns={[
        { title: t('approvals.journey.guide.materialName'), render: (_v, r) => (
          <span>{r.def.required ? <Tag color="red">{t('approvals.journey.guide.requiredYes')}</Tag> : <Tag>{t('approvals.journey.guide.requiredNo')}</Tag>}{r.def.name}
            <Typography.Text type="secondary"> · {t(`approvals.journey.guide.forms.${r.def.form}`)} · {t('approvals.journey.apply.pages', { count: r.def.pages })}</Typography.Text></span>
        ) },
        { title: t('approvals.cases.check.received'), width: 90, render: (_v, r) => r.files > 0
          ? <Tag color="green">{t('approvals.cases.check.files', { count: r.files })}</Tag>
          : <Tag color={r.def.required ? 'red' : 'default'}>{t('approvals.cases.check.none')}</Tag> },
        { title: t('approvals.cases.check.deficient'), width: 90, render: (_v, r) => (
          <Checkbox data-testid={`tick-${r.def.key}`} aria-label={`${t('approvals.cases.check.deficient')}: ${r.def.name}`} checked={value[r.def.key]?.ticked ?? false}
            onChange={(e) => set(r.def.key, { ticked: e.target.checked, ...(e.target.checked && !value[r.def.key]?.reason && r.files === 0 ? { reason: t('approvals.cases.check.missingReason') } : {}) })} />
        ) },
        { title: t('approvals.cases.check.reason'), render: (_v, r) => (
          <Input size="small" maxLength={300} disabled={!value[r.def.key]?.ticked} value={value[r.def.key]?.reason ?? ''} data-testid={`reason-${r.def.key}`}
            placeholder={t('approvals.cases.check.reasonPlaceholder')} onChange={(e) => set(r.def.key, { reason: e.target.value })} />
        ) },
      ]} />
  );
}
