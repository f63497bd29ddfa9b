/**
 * 消息提醒: unread count and list. New notifications arrive by server-sent events
 * (`/api/notifications/stream`); the list is loaded once and kept current from the stream.
 */
import { useCallback, useEffect, useState } from 'react';
import { App, Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { showError } from '../errors.ts';

export interface Notification {
  id: number;
  title: string;
  body: string;
  data?: Record<string, unknown>;
  readAt?: string | null;
  createdAt: string;
}

function useNotificationStream(onEvent: (n: Notification) => void): void {
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 2000;
    let closed = false;
    const handle = (ev: MessageEvent<string>) => {
      try {
        const n = JSON.parse(ev.data) as Notification;
        if (n && n.id !== undefined && typeof n.title === 'string') onEvent(n);
      } catch {
        // Comments and heartbeats carry no JSON.
      }
    };
    const open = () => {
      source = new EventSource('/api/notifications/stream', { withCredentials: true });
      source.onopen = () => { delay = 2000; };
      source.onmessage = handle;
      source.addEventListener('notification', handle as EventListener);
      source.onerror = () => {
        // The browser retries by itself unless the server refused the stream (e.g. 401).
        if (source?.readyState === EventSource.CLOSED && !closed) {
          retry = setTimeout(open, delay);
          delay = Math.min(delay * 2, 60_000);
        }
      };
    };
    open();
    return () => {
      closed = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [onEvent]);
}

export function NotificationBell() {
  const { t } = useTranslation();
  const { message, notification } = App.useApp();
  const [items, setItems] = useState<Notification[]>([]);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    api.get<{ items: Notification[]; unread: number }>('/api/notifications', { unread: true }).then((d) => setItems(d.items), () => setItems([]));
  }, []);

  const onEvent = useCallback((n: Notification) => {
    setItems((prev) => (prev.some((x) => x.id === n.id) ? prev : [n, ...prev]));
    notification.info({ title: n.title, description: n.body, placement: 'bottomRight' });
  }, [notification]);
  useNotificationStream(onEvent);

  const markAllRead = async () => {
    try {
      await api.post('/api/notifications/read-all');
      setItems([]);
    } catch (e) {
      showError(t, e, message);
    }
  };

  const markRead = async (id: Notification['id']) => {
    try {
      await api.post(`/api/notifications/${id}/read`);
      setItems((prev) => prev.filter((x) => x.id !== id));
    } catch (e) {
      showError(t, e, message);
    }
  };

  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      {items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> : (
        <List<Notification>
          dataSource={items}
          renderItem={(n) => (
            <List.Item actions={[<Button key="read" size="small" type="link" onClick={() => void markRead(n.id)}>{t('notifications.markRead')}</Button>]}>
              <List.Item.Meta
                title={n.title}
                description={<>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 4 }}>{n.body}</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>{dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </>}
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" content={content} open={open} onOpenChange={setOpen}
      title={<div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <span>{t('notifications.title')}</span>
        {items.length > 0 && <Button size="small" type="link" onClick={() => void markAllRead()}>{t('notifications.markAllRead')}</Button>}
      </div>}>
      <Button type="text" aria-label={items.length ? `${t('notifications.title')} ${items.length > 99 ? '99+' : items.length}` : t('notifications.title')} data-testid="notification-bell"
        // The count is in the label; the badge's own digits (kept on screen while it animates out) are hidden from the accessible name.
        icon={<span aria-hidden="true"><Badge count={items.length} size="small" overflowCount={99}><BellOutlined style={{ color: '#fff', fontSize: 18 }} /></Badge></span>} />
    </Popover>
  );
}
