import type { ConnectionStatus } from '../connection-status.js';
import { DELAYED_POLL_MS } from '../use-inbox.js';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  delayed: 'Delayed',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const DESCRIPTIONS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting to livebell',
  live: 'Live: new notifications appear as they arrive',
  delayed: `The server is not watching for changes right now; the bell refreshes every ${DELAYED_POLL_MS / 1_000} seconds.`,
  reconnecting: 'Connection lost; reconnecting. Nothing sent meanwhile is lost.',
  offline: 'Offline; notifications will catch up when the connection is back.',
};

/** A small pill that says whether notifications are arriving live. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  return (
    <span className={`connection connection-${status}`} role="status" title={DESCRIPTIONS[status]} data-status={status}>
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
    </span>
  );
}

/** A line inside the bell's panel while the connection is not live. */
export function ConnectionNotice({ status }: { status: ConnectionStatus }) {
  if (status === 'live') return null;
  return <p className={`panel-notice connection-${status}`}>{DESCRIPTIONS[status]}</p>;
}
