/** The layer tree (图层目录): layers grouped by kind, a switch each, and the legend from the layer style. */
import { useState } from 'react';
import { Checkbox, Collapse, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MapLayer, Paint } from './map-api.ts';

function Swatch({ paint, geometryType }: { paint: Paint; geometryType: string }) {
  const round = /Point/.test(geometryType);
  return (
    <span style={{
      display: 'inline-block', width: 14, height: /Line/.test(geometryType) ? 4 : 14, borderRadius: round ? 7 : 2,
      background: paint.fill, border: `1.5px solid ${paint.stroke}`, verticalAlign: 'middle', marginRight: 6,
    }} />
  );
}

export function Legend({ layer }: { layer: MapLayer }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const classes = layer.style.classes ?? [];
  if (classes.length === 0) return null;
  return (
    <div style={{ paddingLeft: 24, fontSize: 12, lineHeight: '20px' }}>
      {classes.map((c) => (
        <div key={c.value}><Swatch paint={c} geometryType={layer.geometryType} />{en ? c.labelEn : c.label}</div>
      ))}
    </div>
  );
}

export function LayerTree({ layers, visible, onToggle }: { layers: MapLayer[]; visible: ReadonlySet<string>; onToggle: (code: string, on: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  const kinds = [...new Set(layers.map((l) => l.kind))];
  // Groups the user folded; every other group is open (also the ones of layers loaded later).
  const [folded, setFolded] = useState<ReadonlySet<string>>(new Set());
  return (
    <div data-testid="layer-tree">
      <Collapse
        size="small" ghost activeKey={kinds.filter((k) => !folded.has(k))}
        onChange={(open) => setFolded(new Set(kinds.filter((k) => !(open as string[]).includes(k))))}
        items={kinds.map((kind) => ({
          key: kind,
          label: t(`map.kinds.${kind}`, { defaultValue: kind }),
          children: (
            <Space direction="vertical" size={6} style={{ width: '100%' }}>
              {layers.filter((l) => l.kind === kind).map((l) => (
                <div key={l.code} data-testid={`layer-${l.code}`}>
                  <Checkbox checked={visible.has(l.code)} onChange={(e) => onToggle(l.code, e.target.checked)}>
                    <Swatch paint={l.style.default} geometryType={l.geometryType} />
                    {en ? l.nameEn : l.name}
                  </Checkbox>
                  {l.visibility === 'scoped' && <Tag color="blue" style={{ marginLeft: 4 }}>{t('map.layerTree.internal')}</Tag>}
                  {l.synthetic && (
                    <Tooltip title={l.sourceNote}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('map.layerTree.synthetic')}</Typography.Text>
                    </Tooltip>
                  )}
                  {visible.has(l.code) && <Legend layer={l} />}
                </div>
              ))}
            </Space>
          ),
        }))}
      />
    </div>
  );
}
