// Reading a node's /metrics as Prometheus would: the exposition text, its
// samples, and Prometheus's own checker (promtool, Debian's `prometheus`
// package) as the judge of the format.
import { spawn } from 'node:child_process';

export async function scrape(metricsUrl: string, token?: string): Promise<string> {
  const response = await fetch(metricsUrl, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status !== 200) throw new Error(`GET ${metricsUrl} answered ${response.status}`);
  return response.text();
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Every sample line of an exposition (comments and blank lines skipped). */
export function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match?.[1] || match[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) labels[key] = value;
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample named `name` with exactly `labels` (0 when absent: an untouched counter). */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels);
  const found = parseSamples(text).find(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === wanted.length &&
      wanted.every(([key, value]) => sample.labels[key] === value),
  );
  return found?.value ?? 0;
}

export interface PromtoolResult {
  exitCode: number;
  output: string;
}

/** `promtool <args>`, with `input` on its stdin. */
export function promtool(args: string[], input = ''): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.PROMTOOL_PATH ?? 'promtool', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error('promtool not found: install it with `sudo apt-get install -y prometheus` (or set PROMTOOL_PATH)')
          : error,
      ),
    );
    child.on('close', (exitCode) => resolve({ exitCode: exitCode ?? -1, output }));
    child.stdin.end(input);
  });
}
