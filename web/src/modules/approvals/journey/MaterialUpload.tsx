/**
 * Upload control of one material: pick one or more scans, each goes to the server at once (which
 * checks the type by the bytes); the server's refusal shows under the material.
 */
import { useRef, useState } from 'react';
import { Button, Space, Tag, Typography } from 'antd';
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../app/errors.ts';
import { uploadFile, type Uploaded } from './journey-api.ts';

const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,.txt,application/pdf,image/jpeg,image/png,text/plain';
/** The red line (用地红线) also in every format the geo platform reads (the server checks it by reading it). */
const REDLINE_ACCEPT = '.geojson,.json,.zip,.kml,.kmz';

export function MaterialUpload({ materialKey, url, value, onChange }: {
  materialKey: string;
  /** `/api/public/approvals/uploads` (applicant) or `/api/files` (window). */
  url: string;
  value: Uploaded[];
  onChange(files: Uploaded[]): void;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const pick = async (list: FileList | null) => {
    if (!list?.length) return;
    setBusy(true);
    setError(null);
    const added: Uploaded[] = [];
    try {
      for (const f of Array.from(list)) added.push(await uploadFile(url, f, f.name));
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setBusy(false);
      onChange([...value, ...added]);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div data-testid={`material-${materialKey}`}>
      {/* Hidden by style, not the `hidden` attribute: antd's form styles set input[type=file] to display: block. */}
      <input ref={input} type="file" multiple style={{ display: 'none' }} aria-label={t('approvals.journey.apply.upload')} data-material={materialKey} accept={materialKey === 'red_line' ? `${ACCEPT},${REDLINE_ACCEPT}` : ACCEPT}
        onChange={(e) => void pick(e.target.files)} />
      <Space wrap>
        <Button icon={<UploadOutlined />} loading={busy} onClick={() => input.current?.click()}>{t('approvals.journey.apply.upload')}</Button>
        {value.map((f) => (
          <Tag key={f.id} icon={<PaperClipOutlined />} closable onClose={() => onChange(value.filter((x) => x.id !== f.id))}>{f.name}</Tag>
        ))}
      </Space>
      {error && <div><Typography.Text type="danger" role="alert" data-testid={`material-error-${materialKey}`}>{error}</Typography.Text></div>}
    </div>
  );
}
