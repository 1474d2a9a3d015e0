import type { NotificationContent as Content } from '@livebell/shared';
import { useLivebellSettings, type LivebellTheme } from '../livebell-settings.js';
import { useNow } from '../use-now.js';
import { NotificationContent } from './notification-content.js';

/**
 * One notification drawn exactly as the bell draws an unread row, for a
 * compose form's preview. Works with or without a provider.
 */
export function NotificationPreview({
  notification,
  createdAt,
  theme,
}: {
  notification: Content;
  /** Defaults to now. */
  createdAt?: string;
  theme?: LivebellTheme;
}) {
  const settings = useLivebellSettings();
  const now = useNow();
  return (
    <div className="livebell lb-preview" data-theme={theme ?? settings.theme}>
      <div className="lb-item lb-is-unread">
        <div className="lb-item-main">
          <NotificationContent
            notification={notification}
            createdAt={createdAt ?? new Date(now).toISOString()}
            unread
            now={now}
          />
        </div>
      </div>
    </div>
  );
}
