import { useCallback, useEffect, useState } from 'react';
import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import { INBOX_CHANGED, inboxApi } from './inbox-api.ts';
import './inbox.css';

/** How often the header asks for the unread count while the page is open (and visible). */
const POLL_MS = 60_000;

/** The header's link to the inbox with the number of unread messages: asked at each page change, every minute, and when a message is read. */
export function InboxBadge() {
  const { t } = useTranslation();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const count = useCallback(() => {
    if (document.visibilityState === 'hidden') return;
    inboxApi.unreadCount().then(
      (answer) => setUnread(answer.unread),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    count();
  }, [count, location.pathname]);
  useEffect(() => {
    const timer = window.setInterval(count, POLL_MS);
    window.addEventListener(INBOX_CHANGED, count);
    document.addEventListener('visibilitychange', count);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener(INBOX_CHANGED, count);
      document.removeEventListener('visibilitychange', count);
    };
  }, [count]);
  const label = unread > 0 ? t('inbox.badgeUnread', { count: unread }) : t('inbox.badge');
  // The accessible name is the visible word, then the count in words (axe: the visible text must
  // be part of the name); the badge's digits are decoration beside them.
  return (
    <Link to="/inbox" className="inbox-badge" title={label} data-testid="inbox-badge">
      <span aria-hidden="true">
        <Badge count={unread} size="small" overflowCount={99}>
          <span className="inbox-badge-icon">✉</span>
        </Badge>
      </span>
      <span className="inbox-badge-text">{t('inbox.badge')}</span>
      {unread > 0 && <span className="visually-hidden">{` ${label}`}</span>}
    </Link>
  );
}
