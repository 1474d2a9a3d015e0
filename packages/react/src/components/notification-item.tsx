import type { Notification } from '@livebell/shared';
import { Archive, ArchiveRestore, Mail, MailOpen, X } from 'lucide-react';
import { useLivebellStrings } from '../livebell-settings.js';
import { NotificationContent } from './notification-content.js';

/**
 * One row of the bell. Its main part opens the notification: it marks it
 * read and, when it has a link, follows it; so does each of its action
 * buttons, with its own url. The buttons beside it toggle read state,
 * archive or restore it, and remove it.
 */
export function NotificationItem({
  notification,
  now,
  onOpen,
  onFollow,
  onToggleRead,
  onToggleArchived,
  onRemove,
}: {
  notification: Notification;
  now: number;
  onOpen: () => void;
  /** Marks it read, then takes this tab to `url`. */
  onFollow: (url: string) => void;
  onToggleRead: () => void;
  onToggleArchived: () => void;
  onRemove: () => void;
}) {
  const strings = useLivebellStrings();
  const unread = notification.readAt === null;
  const archived = notification.archivedAt != null;
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
      {notification.actions && notification.actions.length > 0 ? (
        <span className="lb-item-buttons">
          {notification.actions.map((action) => (
            <a
              key={`${action.label} ${action.url}`}
              className="lb-action-button"
              href={action.url}
              onClick={(event) => {
                // Leaving this page in place: the read mark is sent first,
                // then the page goes (a plain click on a link to this site).
                const plain = !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) && event.button === 0;
                if (plain && !leavesSite(action.url)) {
                  event.preventDefault();
                  onFollow(action.url);
                } else onOpen();
              }}
              {...(leavesSite(action.url) ? { target: '_blank', rel: 'noopener noreferrer' } : {})}
            >
              {action.label}
            </a>
          ))}
        </span>
      ) : null}
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
          aria-label={strings.archiveLabel(notification.title, !archived)}
          title={strings.archiveHint(!archived)}
          onClick={onToggleArchived}
        >
          {archived ? <ArchiveRestore size={16} aria-hidden="true" /> : <Archive size={16} aria-hidden="true" />}
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
