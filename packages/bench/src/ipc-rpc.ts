// Requests and events over Node's IPC channel between the benchmark's
// orchestrator and the processes it starts (load workers, the memory probe in
// each server under test, the baseline servers). Messages are JSON.
import type { ChildProcess } from 'node:child_process';

/** An interface whose methods take at most one JSON parameter. */
export type IpcMethods<M> = { [K in keyof M]: (params: never) => unknown };

type Request = { ipc: 'request'; id: number; method: string; params: unknown };
type Response = { ipc: 'response'; id: number; result?: unknown; error?: string };
type Event = { ipc: 'event'; name: string; data: unknown };

function isMessage<T extends { ipc: string }>(message: unknown, kind: T['ipc']): message is T {
  return typeof message === 'object' && message !== null && (message as { ipc?: unknown }).ipc === kind;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Child side: answers the parent's requests with `handlers`. A handler that
 * throws answers with the error's text; the process goes on. Does nothing
 * when the process has no IPC channel.
 */
export function serveIpcRequests<M extends IpcMethods<M>>(handlers: M): void {
  const send = process.send?.bind(process);
  if (!send) return;
  const table = handlers as unknown as Record<string, ((params: unknown) => unknown) | undefined>;
  process.on('message', (message: unknown) => {
    if (!isMessage<Request>(message, 'request')) return;
    const { id, method, params } = message;
    void (async () => {
      let response: Response;
      try {
        const handler = table[method];
        if (!handler) throw new Error(`unknown IPC method '${method}'`);
        response = { ipc: 'response', id, result: await handler.call(handlers, params) };
      } catch (error) {
        response = { ipc: 'response', id, error: describe(error) };
      }
      send(response);
    })();
  });
}

/** Child side: tells the parent that something happened (e.g. `ready`). */
export function notifyParent(name: string, data: unknown = null): void {
  process.send?.({ ipc: 'event', name, data } satisfies Event);
}

/** Parent side: calls a child's handlers and waits for its events. */
export class IpcClient<M extends IpcMethods<M>> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  private readonly eventWaiters = new Map<string, ((data: unknown) => void)[]>();
  private exitError: Error | null = null;

  constructor(
    private readonly child: ChildProcess,
    private readonly label: string,
  ) {
    child.on('message', (message: unknown) => {
      if (isMessage<Response>(message, 'response')) {
        const call = this.pending.get(message.id);
        if (!call) return;
        this.pending.delete(message.id);
        if (message.error !== undefined) call.reject(new Error(`${label}: ${message.error}`));
        else call.resolve(message.result);
      } else if (isMessage<Event>(message, 'event')) {
        for (const resolve of this.eventWaiters.get(message.name)?.splice(0) ?? []) resolve(message.data);
      }
    });
    child.on('exit', (code, signal) => {
      this.exitError = new Error(`${label} exited (${signal ?? `code ${String(code)}`})`);
      for (const call of this.pending.values()) call.reject(this.exitError);
      this.pending.clear();
    });
  }

  /** Calls `method` in the child; rejects if the child exits first or `timeoutMs` passes. */
  call<K extends keyof M & string>(
    method: K,
    params: Parameters<M[K]>[0],
    timeoutMs = 600_000,
  ): Promise<Awaited<ReturnType<M[K]>>> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: '${method}' did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as Awaited<ReturnType<M[K]>>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ ipc: 'request', id, method, params } satisfies Request);
    });
  }

  /** The data of the child's next `name` event; rejects if the child exits first. */
  nextEvent(name: string): Promise<unknown> {
    if (this.exitError) return Promise.reject(this.exitError);
    return new Promise((resolve, reject) => {
      const onExit = () => reject(this.exitError ?? new Error(`${this.label} exited`));
      this.child.once('exit', onExit);
      const waiters = this.eventWaiters.get(name) ?? [];
      waiters.push((data) => {
        this.child.off('exit', onExit);
        resolve(data);
      });
      this.eventWaiters.set(name, waiters);
    });
  }
}
