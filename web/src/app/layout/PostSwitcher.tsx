/** 岗位切换: the post (org unit + role) the staff member acts in; permissions follow it. */
import { useState } from 'react';
import { App, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { showError } from '../errors.ts';
import { postLabel, useSession } from '../session.tsx';

export function PostSwitcher() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { me, reload } = useSession();
  const [busy, setBusy] = useState(false);
  const en = i18n.language === 'en-US';
  if (me.posts.length === 0) return null;
  const switchTo = async (postId: number) => {
    setBusy(true);
    try {
      await api.post('/api/auth/switch-post', { postId });
      await reload();
      const p = me.posts.find((x) => x.id === postId);
      if (p) message.success(t('header.switchedPost', { post: postLabel(p, en) }));
    } catch (e) {
      showError(t, e, message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Select<number>
      aria-label={t('header.post')}
      data-testid="post-switcher"
      className="wb-post-switcher"
      value={me.activePostId ?? undefined}
      loading={busy}
      style={{ minWidth: 220, maxWidth: 360 }}
      popupMatchSelectWidth={false}
      options={me.posts.map((p) => ({ value: p.id, label: postLabel(p, en) }))}
      onChange={(v) => void switchTo(v)}
    />
  );
}
