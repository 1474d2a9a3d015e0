import type { Notification } from '@livebell/shared';
import { Mail, MailOpen, X } from 'lucide-react';
import { useLivebellStrings } from '../livebell-settings.js';
import { NotificationContent } from './notification-content.js';

/**
 * One row of the bell. Its main part opens the notification: it marks it
 * read and, when it has a link, follows it. The actions beside it toggle
 * read state and remove it.
 */
export function NotificationItem({
  notification,
  now,
  onOpen,
  onToggleRead,
  onRemove,
}: {
  notification: Notification;
  now: number;
  onOpen: () => void;
  onToggleRead: () => void;
  onRemove: () => void;
}) {
  const strings = useLivebellStrings();
  const unread = notification.readAt === null;
  const content = (
    <NotificationContent notification={notification} createdAt={notification.createdAt} unread={unread} now={now} />
  );
  return (
    <li className={unread ? 'lb-item lb-is-unread' : 'lb-item'} data-notification-id={notification.id}>
      {notification.link ? (
        <a
          className="lb-item-main"
          href={notification.link}
          data-item-main
          onClick={onOpen}
          {...(leavesSite(notification.link) ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
        >
          {content}
        </a>
      ) : (
        <button type="button" className="lb-item-main" data-item-main onClick={onOpen}>
          {content}
        </button>
      )}
      <span className="lb-item-actions">
        <button
          type="button"
          className="lb-icon-button"
          aria-label={strings.markAs(notification.title, unread)}
          title={strings.markAsHint(unread)}
          onClick={onToggleRead}
        >
          {unread ? <MailOpen size={16} aria-hidden="true" /> : <Mail size={16} aria-hidden="true" />}
        </button>
        <button
          type="button"
          className="lb-icon-button"
          aria-label={strings.removeLabel(notification.title)}
          title={strings.removeHint}
          onClick={onRemove}
        >
          <X size={16} aria-hidden="true" />
        </button>
      </span>
    </li>
  );
}

/** An absolute link to another origin opens in a new tab; a path on this site opens in place. */
function leavesSite(link: string): boolean {
  return !link.startsWith('/') && new URL(link, window.location.href).origin !== window.location.origin;
}
