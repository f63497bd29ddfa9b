import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../app/i18n.ts';
import type { Language } from '../app/language.ts';

/** 中文 / English. Each label is written in its own language so either reader finds it. */
export function LanguageSwitch({ size = 'middle' }: { size?: 'small' | 'middle' }) {
  const { i18n } = useTranslation();
  return (
    <Segmented<Language>
      size={size}
      aria-label="Language / 语言"
      value={i18n.language === 'en-US' ? 'en-US' : 'zh-CN'}
      options={[{ label: '中文', value: 'zh-CN' }, { label: 'English', value: 'en-US' }]}
      onChange={(v) => void changeLanguage(v)}
    />
  );
}
