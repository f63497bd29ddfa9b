/**
 * Pick a division (行政区划) level by level from the public `GET /api/divisions?parent=`.
 * `value` is the chosen code (6 or 9 digits), chosen here; a form reset (null) clears it.
 */
import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api.ts';

interface Division { code: string; name: string; level: string; parentCode: string | null }
interface Option { value: string; label: string; isLeaf: boolean; children?: Option[] }

interface Props {
  value?: string | null;
  onChange?: (code: string | null, names: string[]) => void;
  /** The deepest level offered; township by default. */
  deepest?: 'county' | 'township';
  /** Start below this code (e.g. '520000' for one province). */
  root?: string;
  placeholder?: string;
  style?: React.CSSProperties;
  id?: string;
}

const LEVELS = ['province', 'city', 'county', 'township'];

const toOption = (d: Division, deepest: string): Option => ({
  value: d.code, label: d.name, isLeaf: LEVELS.indexOf(d.level) >= LEVELS.indexOf(deepest),
});

export function DivisionCascader({ value, onChange, deepest = 'township', root = '000000', placeholder, style, id }: Props) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<Option[]>([]);
  const [path, setPath] = useState<string[]>([]);

  useEffect(() => {
    void api.get<Division[]>('/api/divisions', { parent: root }).then((list) => setOptions(list.map((d) => toOption(d, deepest))), () => setOptions([]));
  }, [root, deepest]);

  // Cleared from outside (form reset): clear the shown path too.
  useEffect(() => {
    if (!value) setPath([]);
  }, [value]);

  const loadData = async (selected: Option[]) => {
    const target = selected[selected.length - 1]!;
    const kids = await api.get<Division[]>('/api/divisions', { parent: target.value });
    target.children = kids.map((k) => toOption(k, deepest));
    if (kids.length === 0) target.isLeaf = true;
    setOptions((o) => [...o]);
  };

  return (
    <Cascader<Option>
      id={id}
      style={style}
      options={options}
      value={path}
      changeOnSelect
      showSearch={false}
      placeholder={placeholder ?? t('tipoffs.division.placeholder')}
      aria-label={id ? undefined : (placeholder ?? t('tipoffs.division.placeholder'))}
      loadData={(s) => void loadData(s as Option[])}
      onChange={(codes, selected) => {
        const list = (codes ?? []) as string[];
        setPath(list);
        onChange?.(list.length ? list[list.length - 1]! : null, ((selected ?? []) as Option[]).map((o) => o.label));
      }}
    />
  );
}
