import type { Operations, OperationsSample } from '@livebell/shared';
import type { ReactNode } from 'react';
import '../operations.css';
import { describeError } from '../trpc-error.js';
import { trpc } from '../trpc.js';
import { Sparkline } from './sparkline.js';

/**
 * The operations page's content: this node's live numbers (the latest sample)
 * and their last minutes as small charts. The page polls `admin.operations`.
 */
function OperationsView({ report }: { report: Operations }) {
  const { samples, changeStreams } = report;
  const latest = samples.at(-1);
  const minutes = Math.max(1, Math.round((samples.length * report.intervalSeconds) / 60));
  const over = `over the last ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const series = (pick: (sample: OperationsSample) => number | null) => samples.map(pick);

  return (
    <div className="operations">
      {!report.metricsEnabled ? (
        <p className="alert alert-error" role="alert">
          Metrics are turned off on this node (LIVEBELL_METRICS=false): there is nothing to show.
        </p>
      ) : null}
      <div className="operations-grid">
        <Stat title="Subscribers" value={latest ? String(latest.subscribers) : '–'}>
          <p className="card-hint">
            {latest ? plural(latest.connections, 'open connection') : 'Waiting for the first sample'}
          </p>
          <Sparkline values={series((s) => s.subscribers)} label={`Subscribers ${over}`} floor={1} />
        </Stat>
        <Stat title="Deliveries per second" value={latest ? formatRate(latest.deliveriesPerSecond) : '–'}>
          <p className="card-hint">Events handed to subscribers&apos; sockets</p>
          <Sparkline values={series((s) => s.deliveriesPerSecond)} label={`Deliveries per second ${over}`} floor={1} />
        </Stat>
        <Stat title="Delivery lag" value={formatSeconds(latest?.deliveryLagP99 ?? null)}>
          <p className="card-hint">
            p99, from commit to socket
            {latest?.deliveryLagP50 != null ? `; p50 ${formatSeconds(latest.deliveryLagP50)}` : ''}
          </p>
          <Sparkline values={series((s) => s.deliveryLagP99)} label={`Delivery lag, p99, ${over}`} floor={0.01} />
        </Stat>
        <Stat
          title="Change stream"
          value={!changeStreams.enabled ? 'Off' : changeStreams.isWatching ? 'Watching' : 'Stopped'}
        >
          <p className="card-hint">
            {`${lastRead(latest?.changeStreamLagSeconds ?? null)} · ${plural(changeStreams.restarts, 'restart')}`}
          </p>
          {changeStreams.lastError ? <p className="operations-error">{changeStreams.lastError}</p> : null}
          <Sparkline values={series((s) => s.changeStreamLagSeconds)} label={`Change-stream lag ${over}`} floor={1} />
        </Stat>
      </div>
    </div>
  );
}

function Stat({ title, value, children }: { title: string; value: string; children: ReactNode }) {
  return (
    <section className="card stat-card" aria-label={title}>
      <h2 className="card-label">{title}</h2>
      <p className="stat-value">{value}</p>
      {children}
    </section>
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function lastRead(lagSeconds: number | null): string {
  return lagSeconds === null ? 'No change read yet' : `Last change read ${formatSeconds(lagSeconds)} ago`;
}

function formatRate(perSecond: number): string {
  return perSecond >= 10 ? String(Math.round(perSecond)) : perSecond.toFixed(1);
}

function formatSeconds(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.round(seconds / 60)} min`;
}

/** The sampling interval assumed until the server has said its own. */
const DEFAULT_INTERVAL_SECONDS = 2;

/**
 * How often the page asks for new samples: twice per interval of the
 * server's sampler. The page shows the newest sample, and each is newest for
 * one interval only; polling once per interval, a poll that ran a little
 * late would skip one, and a short burst of deliveries would never show.
 */
function pollMs(intervalSeconds = DEFAULT_INTERVAL_SECONDS): number {
  return (intervalSeconds * 1000) / 2;
}

/** The operations page (admins): polls this node's `admin.operations`. */
export function OperationsPage() {
  const operations = trpc.admin.operations.useQuery(undefined, {
    refetchInterval: (query) => pollMs(query.state.data?.intervalSeconds),
  });
  return (
    <div className="page">
      <section className="hero">
        <p className="eyebrow">Administration</p>
        <h1>Operations</h1>
        <p className="lede">
          {operations.data
            ? `Live numbers of node ${operations.data.nodeId}, the server this app talks to, every ${operations.data.intervalSeconds} seconds.`
            : 'Live numbers of the server this app talks to.'}
        </p>
      </section>
      {operations.data ? (
        <OperationsView report={operations.data} />
      ) : operations.error ? (
        <p className="alert alert-error" role="alert">
          {describeError(operations.error)}
        </p>
      ) : (
        <p className="card-hint">Loading…</p>
      )}
    </div>
  );
}
