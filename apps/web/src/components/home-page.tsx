import { useUnreadCount, type Connection, type ConnectionStatus } from '@livebell/react';
import { Check, Copy, Database, Radio, Server } from 'lucide-react';
import { useState } from 'react';
import type { Session } from '../session.js';
import { useServerHealth } from '../server-health.js';
import { RouteLink } from './route-link.js';

const STATUS_WORDS: Record<ConnectionStatus, string> = {
  connecting: 'Connecting',
  live: 'Live',
  delayed: 'Delayed',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

/** Shell-quotes a user id for the example command when it needs it. */
function shellWord(word: string): string {
  return /^[\w@.-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The signed-in landing page: what livebell does for this user, how to try it, and the system's state. */
export function HomePage({ session, connection }: { session: Session; connection: Connection }) {
  const health = useServerHealth();
  const command = `pnpm notify --user ${shellWord(session.userId)} --type success --title "Deploy finished"`;
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard.writeText(command).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2_000);
    });
  };
  const unread = useUnreadCount();
  const { status } = connection;
  const streams = health.data?.changeStreams;

  return (
    <div className="page">
      <section className="hero">
        <p className="eyebrow">Overview</p>
        <h1>Welcome, {session.userId}</h1>
        <p className="lede">
          Anything a back office writes to MongoDB for you lands in the bell within moments, on every tab and device you
          have open. Nothing is lost while you are offline.
        </p>
      </section>

      <div className="card-grid">
        <section className="card stat-card" aria-labelledby="unread-heading">
          <h2 id="unread-heading" className="card-label">
            Unread
          </h2>
          <p className="stat-value">{unread ?? '–'}</p>
          <p className="card-hint">
            {unread === 0 ? 'You’re all caught up.' : 'Open the bell to read them.'}{' '}
            {status === 'delayed'
              ? `It refreshes every ${connection.pollIntervalMs / 1_000} seconds.`
              : 'The count updates live.'}
          </p>
        </section>

        <section className="card stat-card" aria-labelledby="connection-heading">
          <h2 id="connection-heading" className="card-label">
            Connection
          </h2>
          <ul className="facts">
            <li>
              <Radio size={16} aria-hidden="true" />
              <span>Subscription</span>
              <strong className={`fact-${status}`}>{STATUS_WORDS[status]}</strong>
            </li>
            <li>
              <Server size={16} aria-hidden="true" />
              <span>Server node</span>
              <strong>{health.data?.nodeId ?? '–'}</strong>
            </li>
            <li>
              <Database size={16} aria-hidden="true" />
              <span>Change stream</span>
              <strong className={streams?.isWatching ? 'fact-live' : 'fact-offline'}>
                {streams === undefined
                  ? '–'
                  : streams.isWatching
                    ? 'Watching'
                    : streams.enabled
                      ? 'Not watching'
                      : 'Disabled'}
              </strong>
            </li>
          </ul>
        </section>

        <section className="card try-card" aria-labelledby="try-heading">
          <h2 id="try-heading">Send yourself a notification</h2>
          <p className="card-hint">
            Run this in the repository. It inserts a document straight into MongoDB, as any backend would; the bell
            lights up without a reload.
          </p>
          <div className="command">
            <code>{command}</code>
            <button type="button" className="icon-button" onClick={copy} aria-label="Copy command" title="Copy">
              {copied ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />}
            </button>
          </div>
          {session.role === 'admin' ? (
            <p className="card-hint">
              As an administrator you can also <RouteLink route="admin">send a notification to anyone</RouteLink>.
            </p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
