import type { Logger } from 'pino';
import type { Engine } from '../engine.js';
import type { CursorRegistry } from '../cursors/cursor-registry.js';
import type { Document } from '../storage/document-copy.js';
import type { ConnectionContext } from '../wire/connection.js';
import type { FailPoints } from './fail-points.js';

/** What every command can reach: the server's state and settings. */
export type ServerContext = {
  readonly engine: Engine;
  readonly cursors: CursorRegistry;
  readonly failPoints: FailPoints;
  readonly logger: Logger;
  readonly standalone: boolean;
  readonly replSetName: string;
  /** host:port as clients reach it. */
  readonly me: string;
  readonly startedAt: Date;
  readonly connectionCount: () => number;
};

export type CommandContext = {
  readonly server: ServerContext;
  readonly connection: ConnectionContext;
  /** The database the command runs on (`$db`). */
  readonly db: string;
  /** The command document; its first field names the command. */
  readonly body: Document;
  /** OP_MSG document sequences by identifier (the driver sends bulk writes this way). */
  readonly sequences: Record<string, Document[]>;
};

export type Command = {
  /**
   * Fields the command understands besides its name and the ones every driver
   * attaches; any other field is refused with an error that names it. 'any'
   * for the handshake, whose fields drivers extend freely.
   */
  readonly fields: readonly string[] | 'any';
  /** Whether it runs only against the admin database. */
  readonly adminOnly?: boolean;
  run(context: CommandContext): Document | Promise<Document>;
};
