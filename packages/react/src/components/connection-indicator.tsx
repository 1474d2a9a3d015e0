import type { ConnectionStatus } from '../connection-status.js';
import { useConnection } from '../headless-hooks.js';
import { useLivebellSettings, type LivebellTheme } from '../livebell-settings.js';

/** A small pill that says whether notifications arrive live; its tooltip says what that means. */
export function ConnectionIndicator({ theme, className }: { theme?: LivebellTheme; className?: string }) {
  const settings = useLivebellSettings();
  const { status, pollIntervalMs } = useConnection();
  const detail = settings.strings.connectionDetail(status, pollIntervalMs / 1_000);
  return (
    <span
      className={['livebell', 'lb-connection', `lb-connection-${status}`, className].filter(Boolean).join(' ')}
      data-theme={theme ?? settings.theme}
      role="status"
      title={detail}
      data-status={status}
    >
      <span className="lb-connection-dot" aria-hidden="true" />
      <span className="lb-connection-label">{settings.strings.connection[status]}</span>
    </span>
  );
}

/** A line inside the bell's panel while the connection is not live. */
export function ConnectionNotice({ status, pollIntervalMs }: { status: ConnectionStatus; pollIntervalMs: number }) {
  const { strings } = useLivebellSettings();
  if (status === 'live') return null;
  return (
    <p className={`lb-panel-notice lb-connection-${status}`}>
      {strings.connectionDetail(status, pollIntervalMs / 1_000)}
    </p>
  );
}
