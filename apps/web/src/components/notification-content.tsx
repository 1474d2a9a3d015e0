import type { NotificationContent as Content } from '@livebell/shared';
import { formatRelativeTime } from '../relative-time.js';
import { kindOf } from '../notification-kind.js';

const fullDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/**
 * What a notification looks like: its kind's icon, title, body and age. The
 * bell's rows and the admin page's preview both draw it.
 */
export function NotificationContent({
  notification,
  createdAt,
  unread,
  now,
}: {
  notification: Content;
  createdAt: string;
  unread: boolean;
  now: number;
}) {
  const kind = kindOf(notification.type);
  const age = formatRelativeTime(createdAt, now);
  return (
    <>
      <span className={`item-icon tone-${kind.tone}`} aria-hidden="true">
        <kind.Icon size={18} strokeWidth={2} />
      </span>
      <span className="item-text">
        {unread ? <span className="visually-hidden">Unread: </span> : null}
        <span className="item-title">{notification.title}</span>
        {notification.body ? <span className="item-body">{notification.body}</span> : null}
        <span className="item-meta">
          <time dateTime={createdAt} title={fullDate.format(Date.parse(createdAt))}>
            <span aria-hidden="true">{age.short}</span>
            <span className="visually-hidden">{age.long}</span>
          </time>
          <span aria-hidden="true"> · </span>
          <span className="item-kind">{kind.label}</span>
        </span>
      </span>
      {unread ? <span className="item-dot" aria-hidden="true" /> : null}
    </>
  );
}
