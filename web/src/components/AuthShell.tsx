/** The frame of the sign-in pages: brand on the left, the form card on the right. */
import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { SunLogo } from './SunLogo.tsx';

export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100%', display: 'flex', flexWrap: 'wrap', background: 'linear-gradient(135deg, #0d3b8c 0%, #1d5fc9 55%, #f0a500 160%)' }}>
      <div style={{ position: 'absolute', top: 16, right: 24 }}><LanguageSwitch size="small" /></div>
      <div style={{ flex: '1 1 360px', color: '#fff', padding: '12vh 6vw 32px', boxSizing: 'border-box' }}>
        <Link to="/" style={{ color: '#fff', display: 'inline-flex', alignItems: 'center', gap: 12 }}>
          <SunLogo size={44} />
          <span style={{ fontSize: 30, fontWeight: 600, letterSpacing: 2 }}>{t('common.productName')}</span>
        </Link>
        <p style={{ fontSize: 16, opacity: 0.9, maxWidth: 440, marginTop: 16 }}>{t('common.productTagline')}</p>
      </div>
      <div style={{ flex: '0 1 440px', display: 'flex', alignItems: 'center', padding: '24px 6vw 24px 24px', boxSizing: 'border-box' }}>
        <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 8px 32px rgba(0,0,0,.18)' }}>
          <Typography.Title level={1} style={{ marginTop: 0, fontSize: 24 }}>{title}</Typography.Title>
          {children}
        </Card>
      </div>
    </div>
  );
}
