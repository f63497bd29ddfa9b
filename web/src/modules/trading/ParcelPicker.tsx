/**
 * 从一张图选取宗地: search the map (宗地代码 prefix, address or name, GET /api/map/search) for a
 * cadastral parcel (or a mining-right polygon for a mining lot) and pick it; the lot then takes its
 * boundary from the map on the server (`parcel: {layer, id}`), and the form its area, use and title.
 */
import { useRef, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../app/api.ts';

export interface PickedParcel { layer: string; id: number; code: string | null; name: string | null; address: string | null; areaM2: number | null }
interface Found { id: number; layer: string; code: string | null; name: string | null; areaM2: number | null; properties: Record<string, unknown> }

export const parcelLayerOf = (kind: 'land' | 'mining') => (kind === 'mining' ? 'mining_rights' : 'parcels');

export function ParcelPicker({ kind, value, onChange, id }: { kind: 'land' | 'mining'; value?: PickedParcel | null; onChange?: (p: PickedParcel | null) => void; id?: string }) {
  const { t } = useTranslation();
  const [found, setFound] = useState<PickedParcel[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    if (q.trim().length < 2) { setFound([]); return; }
    timer.current = setTimeout(() => {
      setLoading(true);
      void api.get<Found[]>(`/api/map/search?q=${encodeURIComponent(q.trim())}&limit=30`)
        .then((rows) => setFound(rows.filter((f) => f.layer === parcelLayerOf(kind)).map((f) => ({
          layer: f.layer, id: f.id, code: f.code, name: f.name, areaM2: f.areaM2, address: typeof f.properties.zl === 'string' ? f.properties.zl : null,
        }))))
        .catch(() => setFound([]))
        .finally(() => setLoading(false));
    }, 300);
  };
  const label = (p: PickedParcel) => [p.code, p.address ?? p.name, p.areaM2 === null ? null : t('trading.parcel.area', { m2: Math.round(p.areaM2) })].filter(Boolean).join(' · ');
  const options = [...(value && !found.some((f) => f.id === value.id) ? [value] : []), ...found].map((p) => ({ value: p.id, label: label(p) }));
  return (
    <Select id={id} showSearch allowClear filterOption={false} loading={loading} placeholder={t('trading.parcel.placeholder')} notFoundContent={null}
      value={value?.id ?? null} options={options} onSearch={search} data-testid="parcel-picker"
      onChange={(v: number | null) => onChange?.(v === null || v === undefined ? null : ([...found, ...(value ? [value] : [])].find((p) => p.id === v) ?? null))} />
  );
}
