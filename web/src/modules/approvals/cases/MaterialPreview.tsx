/** One scanned material shown beside the form: PDFs in the browser's viewer, images as images. */
import { useEffect, useState } from 'react';
import { Alert, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../app/errors.ts';
import { fetchBlob } from '../journey/journey-api.ts';

export function MaterialPreview({ url, title }: { url: string; title: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ href: string; type: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let href: string | null = null;
    let live = true;
    setShown(null);
    setError(null);
    fetchBlob(url).then((b) => {
      if (!live) return;
      href = URL.createObjectURL(b);
      setShown({ href, type: b.type });
    }, (e: unknown) => { if (live) setError(errorText(t, e)); });
    return () => {
      live = false;
      if (href) URL.revokeObjectURL(href);
    };
  }, [url, t]);
  if (error) return <Alert type="error" showIcon title={t('approvals.cases.detail.previewFailed')} description={error} data-testid="material-preview-error" />;
  if (!shown) return <Spin style={{ display: 'block', margin: 48 }} />;
  return shown.type.startsWith('image/')
    ? <img src={shown.href} alt={title} style={{ maxWidth: '100%' }} data-testid="material-preview" />
    : <iframe title={title} src={shown.href} style={{ width: '100%', height: 640, border: 0, background: '#f5f5f5' }} data-testid="material-preview" />;
}
