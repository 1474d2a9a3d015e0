// The chaos test's processes: one database (an emulator process, or
// MONGODB_URI with a fresh database name) and livebell nodes, each a real
// `node dist/main.js` that can be SIGKILLed and started again.
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import { freePort, startEmulatorProcess, type RunningProcess } from '@livebell/test-support';
import { hasMessage, runDist } from '../support/node-process.js';

/**
 * MONGODB_URI (a fresh database on it) when set; otherwise the emulator in
 * its own process, so that it does not share an event loop with 200 clients.
 */
export async function startDatabaseProcess(): Promise<TestDatabase> {
  if (process.env.MONGODB_URI) return startTestDatabase();
  const emulator = await startEmulatorProcess();
  return { uri: emulator.uri, dbName: 'chaos', stop: () => emulator.stop() };
}

export class ChaosNode {
  process: RunningProcess | null = null;

  private constructor(
    readonly nodeId: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async create(nodeId: string, env: Record<string, string>): Promise<ChaosNode> {
    return new ChaosNode(nodeId, await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = runDist('main.js', [], { ...this.env, NODE_ID: this.nodeId, PORT: String(this.port) });
    await this.process.waitForLine(hasMessage('livebell server listening'));
  }

  /** Like a crash: no chance to save its resume token. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = null;
    running.child.kill(signal);
    await running.exited;
  }
}
