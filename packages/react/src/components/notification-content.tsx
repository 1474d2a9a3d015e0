import type { NotificationContent as Content } from '@livebell/shared';
import { useLivebellSettings } from '../livebell-settings.js';
import { kindOf } from '../notification-kind.js';

/**
 * What a notification looks like: its kind's icon, title, body and age. The
 * bell's rows and `NotificationPreview` both draw it.
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
  const { strings, time } = useLivebellSettings();
  const kind = kindOf(notification.type);
  const age = time.relative(createdAt, now);
  return (
    <>
      <span className={`lb-item-icon lb-tone-${kind.tone}`} aria-hidden="true">
        <kind.Icon size={18} strokeWidth={2} />
      </span>
      <span className="lb-item-text">
        {unread ? <span className="lb-visually-hidden">{strings.unreadPrefix}</span> : null}
        <span className="lb-item-title">{notification.title}</span>
        {notification.body ? <span className="lb-item-body">{notification.body}</span> : null}
        <span className="lb-item-meta">
          <time dateTime={createdAt} title={time.full(createdAt)}>
            <span aria-hidden="true">{age.short}</span>
            <span className="lb-visually-hidden">{age.long}</span>
          </time>
          <span aria-hidden="true"> · </span>
          <span className="lb-item-kind">{strings.kinds[notification.type] ?? notification.type}</span>
        </span>
      </span>
      {unread ? <span className="lb-item-dot" aria-hidden="true" /> : null}
    </>
  );
}
