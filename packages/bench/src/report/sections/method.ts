import { formatCount } from '../format.js';
import type { ReportInput } from '../report-input.js';

/** How each system, scenario and number was measured, and what the baselines leave out. */
export function methodSection({ result }: ReportInput): string {
  const { steady, burst, rounds, capacity } = result.config;
  return [
    '## How it was measured',
    '',
    '- **Systems**: (1) livebell as shipped: `apps/server/dist/main.js` with `NODE_ENV=production` and its defaults, clients are `@trpc/client` `createWSClient` + `wsLink` subscribed to `notifications.onEvent`; ' +
      '(2) the Socket.IO design, minimal and faithful (`src/systems/socketio-server.ts`): one change stream matching inserts, Socket.IO, JWT in the handshake, a room per user, `io.to(room).emit()` per notification, clients are `socket.io-client` (WebSocket transport); ' +
      '(3) the floor (`src/systems/ws-relay-server.ts`): the same change stream, a `Map` from user id to sockets, one `JSON.stringify` per event, clients are `ws`. ' +
      'Every system authenticates each connection with an HS256 JWT, and every server watches with its own single change stream.',
    '- **Processes**: the database (the livebell mongo emulator, one process for the whole run), the server under test, and the load generator split over ' +
      `${steady.workers} worker processes (more for capacity when one process cannot hold the connections) each run on their own; the orchestrator inserts with the official driver, like an admin backend. ` +
      'One system at a time: 2 cores cannot measure two at once. Each system starts on an empty, freshly indexed `notifications` collection.',
    `- **Latency**: every document carries \`data.sentAt\`, epoch milliseconds (performance.timeOrigin + performance.now()) taken just before its insert; the client that receives it subtracts that from the same clock at receipt. ` +
      'So latency includes the database: insert, oplog, change stream. The emulator alone (below) shows that share.',
    `- **Steady**: ${formatCount(steady.subscribers)} subscribers (distinct users), ${formatCount(steady.ratePerSecond)} \`insertOne\`/s for ${steady.durationS} s to users drawn by a seeded generator (the same sequence for every system), open loop. ` +
      `**Burst**: ${formatCount(burst.subscribers)} subscribers, then one \`insertMany\` of one notification per subscriber (what \`admin.send\` does); its latency is counted from the start of that call. ` +
      `Both ran ${rounds} ${rounds === 1 ? 'time' : 'times'} per system, the systems taking turns; tables show the round with the median p99 (burst: median last arrival) and the range over rounds.`,
    `- **Capacity**: idle subscribers opened in steps (${capacity.plan.steps.map(formatCount).join(', ')}; asked for ${capacity.wantedSteps.map(formatCount).join(', ')}); after each step a full GC in the server (\`--expose-gc\`, a probe preloaded with \`--import\` answers over IPC) and its RSS and heap. Per connection = growth over the idle server / connections. Clients bind to loopback source addresses 127.0.0.2, .3, ... to stay clear of the ephemeral-port limit.`,
    '- **Deliveries**: each notification has a sequence number; the workers count first receipts, duplicates and notifications that reached the wrong user, and the orchestrator counts what never arrived (after 10 to 15 s without any receipt).',
    '- **What the baselines leave out**: the Socket.IO server keeps no resume token (that design saves one per change, which would only slow it) and neither baseline validates documents, replays missed events or counts unread notifications. livebell does all of that on the measured path: its numbers include the price of being gap-free and typed.',
  ].join('\n');
}
