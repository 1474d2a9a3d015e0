import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { promtool, scrape } from '../support/prometheus.js';
import { testResources } from '../support/test-resources.js';

const { defer, database, node } = testResources();

const deployFile = (path: string) => fileURLToPath(new URL(`../../../../deploy/${path}`, import.meta.url));

const dashboardSchema = z.object({
  panels: z.array(z.object({ title: z.string(), targets: z.array(z.object({ expr: z.string() })) })),
});

async function dashboardQueries(): Promise<string[]> {
  const dashboard = dashboardSchema.parse(
    JSON.parse(await readFile(deployFile('grafana/livebell-dashboard.json'), 'utf8')),
  );
  return dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}

/** The metric families a query reads (a histogram's _bucket, _sum and _count belong to its family). */
function familiesIn(expr: string): string[] {
  const names = expr.match(/\b(?:livebell|process|nodejs)_[a-z0-9_]+/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/_(bucket|sum|count)$/, '')))];
}

/** Grafana's variables replaced by what Prometheus itself would accept. */
function asPromQL(expr: string): string {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$instance', '.*');
}

describe('deploy/: the Prometheus and Grafana configuration', () => {
  it('every metric the Grafana dashboard and the alert rules query is exported by a running server', async () => {
    const started = await node(await database());
    const metricsUrl = started.server.metricsUrl;
    if (metricsUrl === null) throw new Error('metrics are off');
    const alerts = await readFile(deployFile('prometheus/alerts.yml'), 'utf8');
    const queried = new Set([...(await dashboardQueries()).flatMap(familiesIn), ...familiesIn(alerts)]);
    expect(queried.size).toBeGreaterThan(10);

    const exported = await scrape(metricsUrl);

    const missing = [...queried].filter((family) => !exported.includes(`# TYPE ${family} `));
    expect(missing).toEqual([]);
  });

  it('promtool accepts the scrape configuration, the alert rules and every dashboard query', async () => {
    const config = await promtool(['check', 'config', deployFile('prometheus/prometheus.yml')]);
    expect(config.output).toContain('SUCCESS');
    expect(config.exitCode).toBe(0);

    // Each dashboard query as a recording rule, so that promtool parses it as PromQL.
    const dir = await mkdtemp(join(tmpdir(), 'livebell-dashboard-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const queries = await dashboardQueries();
    const rules = queries.map(
      (expr, index) => `      - record: dashboard:query_${index}\n        expr: ${JSON.stringify(asPromQL(expr))}`,
    );
    const file = join(dir, 'dashboard-rules.yml');
    await writeFile(file, `groups:\n  - name: dashboard\n    rules:\n${rules.join('\n')}\n`);
    const checked = await promtool(['check', 'rules', file]);
    expect(checked.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(checked.exitCode).toBe(0);
  });
});
