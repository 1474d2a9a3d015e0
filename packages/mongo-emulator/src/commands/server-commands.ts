import { Long, ObjectId } from 'bson';
import os from 'node:os';
import { CommandError } from '../command-error.js';
import type { Document } from '../storage/document-copy.js';
import { isPlainObject } from '../storage/field-path.js';
import type { Command, CommandContext } from './command.js';

/** The MongoDB release whose wire protocol and replies the emulator follows. */
export const EMULATED_VERSION = '7.0.0';
export const VERSION_STRING = `${EMULATED_VERSION}-livebell-emulator`;
/** MongoDB 7.0's wire version. */
const MAX_WIRE_VERSION = 21;
/** One term, one election, forever: a fixed electionId keeps drivers from taking a restarted emulator for a stale primary. */
const ELECTION_ID = new ObjectId('7fffffff0000000000000001');

function hello(context: CommandContext): Document {
  const { server, body, connection } = context;
  const client = body.client;
  if (isPlainObject(client) && isPlainObject(client.application) && typeof client.application.name === 'string') {
    connection.appName = client.application.name;
  }
  const legacy = Object.keys(body)[0] !== 'hello';
  const time = server.engine.clock.last;
  const now = new Date();
  const reply: Document = {
    ...(body.helloOk === true ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: now,
    logicalSessionTimeoutMinutes: 30,
    connectionId: connection.id,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
  if (server.standalone) return reply;
  const opTime = { ts: time, t: Long.fromNumber(1) };
  return {
    ...reply,
    hosts: [server.me],
    setName: server.replSetName,
    setVersion: 1,
    secondary: false,
    primary: server.me,
    me: server.me,
    electionId: ELECTION_ID,
    lastWrite: { opTime, lastWriteDate: now, majorityOpTime: opTime, majorityWriteDate: now },
  };
}

function buildInfo(): Document {
  return {
    version: VERSION_STRING,
    gitVersion: 'livebell-mongo-emulator',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: 16 * 1024 * 1024,
    javascriptEngine: 'none',
    storageEngines: ['livebell-emulator'],
    modules: [],
    openssl: { running: 'disabled' },
  };
}

function serverStatus({ server }: CommandContext): Document {
  const uptimeMillis = Date.now() - server.startedAt.getTime();
  return {
    host: server.me,
    version: VERSION_STRING,
    process: 'livebell-mongo-emulator',
    pid: Long.fromNumber(process.pid),
    uptime: Math.floor(uptimeMillis / 1000),
    uptimeMillis: Long.fromNumber(uptimeMillis),
    localTime: new Date(),
    connections: { current: server.connectionCount(), available: 1_000_000 },
    metrics: { cursor: { open: { total: Long.fromNumber(server.cursors.size) } } },
    oplog: {
      entries: server.engine.oplog.nextSeq - server.engine.oplog.firstSeq,
      maxEntries: server.engine.oplog.maxEntries,
    },
    ...(server.standalone
      ? {}
      : { repl: { setName: server.replSetName, isWritablePrimary: true, primary: server.me, hosts: [server.me] } }),
  };
}

const PARAMETERS: Record<string, unknown> = {
  featureCompatibilityVersion: { version: '7.0' },
  authenticationMechanisms: [],
  cursorTimeoutMillis: Long.fromNumber(600_000),
  transactionLifetimeLimitSeconds: 60,
};

function getParameter({ body }: CommandContext): Document {
  const selector = body.getParameter;
  if (selector === '*') return { ...PARAMETERS };
  const reply: Document = {};
  for (const name of Object.keys(body).slice(1)) {
    if (name in PARAMETERS) reply[name] = PARAMETERS[name];
  }
  if (Object.keys(reply).length === 0) throw new CommandError('InvalidOptions', 'no option found to get');
  return reply;
}

function hostInfo(): Document {
  return {
    system: {
      currentTime: new Date(),
      hostname: os.hostname(),
      cpuAddrSize: 64,
      memSizeMB: Long.fromNumber(Math.round(os.totalmem() / 1024 / 1024)),
      numCores: os.cpus().length,
      cpuArch: os.arch(),
    },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: { note: 'livebell MongoDB emulator' },
  };
}

function replSetGetStatus({ server }: CommandContext): Document {
  if (server.standalone) throw new CommandError('NoReplicationEnabled', 'not running with --replSet');
  const time = server.engine.clock.last;
  const now = new Date();
  const optime = { ts: time, t: Long.fromNumber(1) };
  return {
    set: server.replSetName,
    date: now,
    myState: 1,
    term: Long.fromNumber(1),
    members: [
      {
        _id: 0,
        name: server.me,
        health: 1,
        state: 1,
        stateStr: 'PRIMARY',
        uptime: Math.floor((Date.now() - server.startedAt.getTime()) / 1000),
        optime,
        optimeDate: now,
        electionDate: server.startedAt,
        self: true,
      },
    ],
    optimes: { lastCommittedOpTime: optime, appliedOpTime: optime, durableOpTime: optime },
  };
}

const ok = (): Document => ({});

/** Handshake, diagnostics and session commands. */
export const serverCommands: Record<string, Command> = {
  hello: { fields: 'any', run: hello },
  isMaster: { fields: 'any', run: hello },
  ismaster: { fields: 'any', run: hello },
  ping: { fields: [], run: ok },
  buildInfo: { fields: [], run: buildInfo },
  buildinfo: { fields: [], run: buildInfo },
  serverStatus: {
    fields: ['repl', 'metrics', 'locks', 'opcounters', 'wiredTiger', 'tcmalloc', 'mirroredReads'],
    run: serverStatus,
  },
  getParameter: { fields: Object.keys(PARAMETERS), adminOnly: true, run: getParameter },
  hostInfo: { fields: [], run: hostInfo },
  replSetGetStatus: { fields: ['initialSync'], adminOnly: true, run: replSetGetStatus },
  endSessions: { fields: [], run: ok },
  killSessions: { fields: [], run: ok },
  killAllSessions: { fields: [], run: ok },
  refreshSessions: { fields: [], run: ok },
  whatsmyuri: { fields: [], run: ({ server }) => ({ you: server.me }) },
  connectionStatus: {
    fields: ['showPrivileges'],
    run: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] } }),
  },
  getCmdLineOpts: {
    fields: [],
    adminOnly: true,
    run: ({ server }) => ({
      argv: ['livebell-mongo-emulator'],
      parsed: { replication: server.standalone ? {} : { replSet: server.replSetName } },
    }),
  },
  getLog: { fields: [], adminOnly: true, run: () => ({ totalLinesWritten: 0, log: [] }) },
};
