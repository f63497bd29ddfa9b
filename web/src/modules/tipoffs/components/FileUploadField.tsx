/**
 * Upload photos and documents one by one as they are chosen; the form value is the list of
 * upload ids (what the report and stage endpoints take). `endpoint` is the public tip-off
 * upload route on the portal, `/api/files` in the workbench.
 */
import { useRef, useState } from 'react';
import { App, Button, Upload, type UploadFile } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../app/errors.ts';
import { uploadFile } from '../tipoffs-api.ts';

interface Props {
  value?: string[];
  onChange?: (ids: string[]) => void;
  endpoint: string;
  max?: number;
  id?: string;
}

export function FileUploadField({ value = [], onChange, endpoint, max = 9, id }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  // Several uploads finish in any order: each adds to the latest list, not the one it started with.
  const ids = useRef(value);
  ids.current = value;
  const emit = (next: string[]) => {
    ids.current = next;
    onChange?.(next);
  };

  return (
    <Upload
      id={id}
      multiple
      accept=".jpg,.jpeg,.png,.pdf"
      fileList={files}
      maxCount={max}
      customRequest={(req) => {
        const file = req.file as File & { uid: string };
        uploadFile(endpoint, file).then((u) => {
          req.onSuccess?.(u);
          setFiles((fs) => fs.map((f) => (f.uid === file.uid ? { ...f, status: 'done', response: u } : f)));
          emit([...ids.current, u.id]);
        }, (e: unknown) => {
          message.error(t('tipoffs.upload.failed', { name: file.name, message: errorText(t, e) }));
          req.onError?.(e as Error);
          setFiles((fs) => fs.filter((f) => f.uid !== file.uid));
        });
      }}
      onChange={({ fileList }) => setFiles(fileList)}
      onRemove={(f) => {
        const uploaded = (f.response as { id?: string } | undefined)?.id;
        if (uploaded) emit(ids.current.filter((x) => x !== uploaded));
      }}
    >
      <Button icon={<UploadOutlined />}>{t('tipoffs.upload.button')}</Button>
      <span style={{ marginInlineStart: 8, color: '#595959' }} onClick={(e) => e.stopPropagation()}>{t('tipoffs.upload.hint', { max })}</span>
    </Upload>
  );
}
