// The Substrate Telemetry feed protocol (version 33), as a telemetry core's `/feed` speaks it:
// decoding frames into typed messages, and folding messages into the table of a chain's nodes.
// Pure: the socket lives in `socket.ts`, so that a recorded feed replays through the same code.
//
// A frame is a JSON array `[action, payload, action, payload, …]`. Payloads are positional
// tuples; every one is checked here, and a malformed message becomes a `problem` the view
// shows, never an exception.

export const FEED_VERSION = 33;

export const Action = {
  Version: 0,
  BestBlock: 1,
  BestFinalized: 2,
  AddedNode: 3,
  RemovedNode: 4,
  LocatedNode: 5,
  ImportedBlock: 6,
  FinalizedBlock: 7,
  NodeStatsUpdate: 8,
  Hardware: 9,
  TimeSync: 10,
  AddedChain: 11,
  RemovedChain: 12,
  SubscribedTo: 13,
  UnsubscribedFrom: 14,
  Pong: 15,
  StaleNode: 20,
  NodeIOUpdate: 21,
  ChainStatsUpdate: 22,
  TelemetryInfo: 23,
} as const;

export interface BlockDetails {
  height: number;
  hash: string;
  /** Time since the previous block, ms. */
  blockTimeMs: number;
  /** When the node imported it, Unix ms. */
  timestamp: number;
  /** Delay behind the first node that imported it, ms. */
  propagationMs: number | null;
}

export interface FeedNode {
  id: number;
  name: string;
  implementation: string;
  version: string;
  /** The validator address the node reported, if any. */
  validator: string | null;
  /** The libp2p PeerId. */
  peerId: string | null;
  peers: number;
  txCount: number;
  best: BlockDetails;
  finalized: { height: number; hash: string } | null;
  city: string | null;
  startupTime: number | null;
  /** The core has not heard from it for a while. */
  stale: boolean;
}

export interface FeedChain {
  label: string;
  genesisHash: string;
  nodeCount: number;
}

export type FeedMessage =
  | { action: typeof Action.Version; version: number }
  | { action: typeof Action.BestBlock; height: number; timestamp: number; avgBlockTimeMs: number | null }
  | { action: typeof Action.BestFinalized; height: number; hash: string }
  | { action: typeof Action.AddedNode; node: FeedNode }
  | { action: typeof Action.RemovedNode; id: number }
  | { action: typeof Action.LocatedNode; id: number; city: string }
  | { action: typeof Action.ImportedBlock; id: number; block: BlockDetails }
  | { action: typeof Action.FinalizedBlock; id: number; height: number; hash: string }
  | { action: typeof Action.NodeStatsUpdate; id: number; peers: number; txCount: number }
  | { action: typeof Action.AddedChain; chain: FeedChain }
  | { action: typeof Action.RemovedChain; genesisHash: string }
  | { action: typeof Action.SubscribedTo; genesisHash: string }
  | { action: typeof Action.UnsubscribedFrom; genesisHash: string }
  | { action: typeof Action.Pong; id: string }
  | { action: typeof Action.StaleNode; id: number }
  /** Understood, and not needed for the table (hardware, I/O, chain stats, time sync). */
  | { action: "ignored"; code: number }
  /** An action this client does not know: newer cores add some. */
  | { action: "unknown"; code: number }
  | { action: "malformed"; code: number; why: string };

class Malformed extends Error {}

function num(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new Malformed(`${what} is not a number`);
  return v;
}
function int(v: unknown, what: string): number {
  const n = num(v, what);
  if (!Number.isInteger(n) || n < 0) throw new Malformed(`${what} is not a whole number`);
  return n;
}
function str(v: unknown, what: string): string {
  if (typeof v !== "string") throw new Malformed(`${what} is not a string`);
  return v;
}
function optStr(v: unknown, what: string): string | null {
  return v === null || v === undefined ? null : str(v, what);
}
function optNum(v: unknown, what: string): number | null {
  return v === null || v === undefined ? null : num(v, what);
}
function tuple(v: unknown, min: number, what: string): unknown[] {
  if (!Array.isArray(v) || v.length < min) throw new Malformed(`${what} is not a list of at least ${min}`);
  return v;
}

function block(v: unknown): BlockDetails {
  const [height, hash, blockTime, timestamp, propagation] = tuple(v, 4, "block");
  return {
    height: int(height, "block height"),
    hash: str(hash, "block hash"),
    blockTimeMs: num(blockTime, "block time"),
    timestamp: num(timestamp, "block timestamp"),
    propagationMs: optNum(propagation, "propagation time"),
  };
}

function addedNode(payload: unknown): FeedNode {
  const [id, details, stats, , , best, location, startup] = tuple(payload, 6, "node");
  const [name, implementation, version, validator, networkId] = tuple(details, 3, "node details");
  const [peers, txCount] = tuple(stats, 2, "node stats");
  let city: string | null = null;
  if (location !== null && location !== undefined) city = str(tuple(location, 3, "location")[2], "city");
  return {
    id: int(id, "node id"),
    name: str(name, "node name"),
    implementation: str(implementation, "implementation"),
    version: str(version, "version"),
    validator: optStr(validator, "validator"),
    peerId: optStr(networkId, "network id"),
    peers: int(peers, "peers"),
    txCount: int(txCount, "tx count"),
    best: block(best),
    finalized: null,
    city,
    startupTime: startup === null || startup === undefined ? null : num(Number(startup), "startup time"),
    stale: false,
  };
}

function message(code: unknown, payload: unknown): FeedMessage {
  if (typeof code !== "number" || !Number.isInteger(code)) {
    return { action: "malformed", code: -1, why: `action ${JSON.stringify(code)} is not a number` };
  }
  try {
    switch (code) {
      case Action.Version:
        return { action: code, version: int(payload, "version") };
      case Action.BestBlock: {
        const [height, timestamp, avg] = tuple(payload, 2, "best block");
        return { action: code, height: int(height, "height"), timestamp: num(timestamp, "timestamp"), avgBlockTimeMs: optNum(avg, "average block time") };
      }
      case Action.BestFinalized: {
        const [height, hash] = tuple(payload, 2, "finalized block");
        return { action: code, height: int(height, "height"), hash: str(hash, "hash") };
      }
      case Action.AddedNode:
        return { action: code, node: addedNode(payload) };
      case Action.RemovedNode:
      case Action.StaleNode:
        return { action: code, id: int(payload, "node id") };
      case Action.LocatedNode: {
        const [id, , , city] = tuple(payload, 4, "location");
        return { action: code, id: int(id, "node id"), city: str(city, "city") };
      }
      case Action.ImportedBlock: {
        const [id, details] = tuple(payload, 2, "imported block");
        return { action: code, id: int(id, "node id"), block: block(details) };
      }
      case Action.FinalizedBlock: {
        const [id, height, hash] = tuple(payload, 3, "finalized block");
        return { action: code, id: int(id, "node id"), height: int(height, "height"), hash: str(hash, "hash") };
      }
      case Action.NodeStatsUpdate: {
        const [id, stats] = tuple(payload, 2, "node stats");
        const [peers, txCount] = tuple(stats, 2, "node stats");
        return { action: code, id: int(id, "node id"), peers: int(peers, "peers"), txCount: int(txCount, "tx count") };
      }
      case Action.AddedChain: {
        const [label, genesisHash, nodeCount] = tuple(payload, 3, "chain");
        return { action: code, chain: { label: str(label, "label"), genesisHash: str(genesisHash, "genesis hash"), nodeCount: int(nodeCount, "node count") } };
      }
      case Action.RemovedChain:
      case Action.SubscribedTo:
      case Action.UnsubscribedFrom:
        return { action: code, genesisHash: str(payload, "genesis hash") };
      case Action.Pong:
        return { action: code, id: String(payload) };
      case Action.Hardware:
      case Action.TimeSync:
      case Action.NodeIOUpdate:
      case Action.ChainStatsUpdate:
      case Action.TelemetryInfo:
        return { action: "ignored", code };
      default:
        return { action: "unknown", code };
    }
  } catch (e) {
    if (e instanceof Malformed) return { action: "malformed", code, why: e.message };
    throw e;
  }
}

/** Decodes one frame (the text of a WebSocket message) into its messages. */
export function decodeFrame(text: string): FeedMessage[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [{ action: "malformed", code: -1, why: "the frame is not JSON" }];
  }
  if (!Array.isArray(data) || data.length % 2 !== 0) {
    return [{ action: "malformed", code: -1, why: "the frame is not a list of action, payload pairs" }];
  }
  const out: FeedMessage[] = [];
  for (let i = 0; i < data.length; i += 2) out.push(message(data[i], data[i + 1]));
  return out;
}

export interface FeedState {
  /** The core's feed version, once it said. */
  version: number | null;
  /** Set when the core speaks another protocol version: nothing else is applied. */
  versionMismatch: boolean;
  chains: Map<string, FeedChain>;
  subscribed: string | null;
  best: { height: number; timestamp: number; avgBlockTimeMs: number | null } | null;
  finalized: { height: number; hash: string } | null;
  nodes: Map<number, FeedNode>;
  /** Actions seen that this client does not know, by code. */
  unknownActions: Set<number>;
  /** The latest malformed messages (bounded). */
  problems: string[];
}

export const MAX_PROBLEMS = 20;

export function emptyFeed(): FeedState {
  return {
    version: null,
    versionMismatch: false,
    chains: new Map(),
    subscribed: null,
    best: null,
    finalized: null,
    nodes: new Map(),
    unknownActions: new Set(),
    problems: [],
  };
}

/** Folds messages into a new state (the old one is not changed). */
export function applyFeed(state: FeedState, messages: FeedMessage[]): FeedState {
  const next: FeedState = {
    ...state,
    chains: new Map(state.chains),
    nodes: new Map(state.nodes),
    unknownActions: new Set(state.unknownActions),
    problems: [...state.problems],
  };
  const node = (id: number, change: (n: FeedNode) => FeedNode) => {
    const n = next.nodes.get(id);
    if (n) next.nodes.set(id, change(n));
  };
  for (const m of messages) {
    if (m.action === Action.Version) {
      next.version = m.version;
      next.versionMismatch = m.version !== FEED_VERSION;
      continue;
    }
    if (next.versionMismatch) continue;
    switch (m.action) {
      case Action.BestBlock:
        next.best = { height: m.height, timestamp: m.timestamp, avgBlockTimeMs: m.avgBlockTimeMs };
        break;
      case Action.BestFinalized:
        next.finalized = { height: m.height, hash: m.hash };
        break;
      case Action.AddedNode:
        next.nodes.set(m.node.id, m.node);
        break;
      case Action.RemovedNode:
        next.nodes.delete(m.id);
        break;
      case Action.StaleNode:
        node(m.id, (n) => ({ ...n, stale: true }));
        break;
      case Action.LocatedNode:
        node(m.id, (n) => ({ ...n, city: m.city }));
        break;
      case Action.ImportedBlock:
        node(m.id, (n) => ({ ...n, best: m.block, stale: false }));
        break;
      case Action.FinalizedBlock:
        node(m.id, (n) => ({ ...n, finalized: { height: m.height, hash: m.hash } }));
        break;
      case Action.NodeStatsUpdate:
        node(m.id, (n) => ({ ...n, peers: m.peers, txCount: m.txCount, stale: false }));
        break;
      case Action.AddedChain:
        next.chains.set(m.chain.genesisHash, m.chain);
        break;
      case Action.RemovedChain:
        next.chains.delete(m.genesisHash);
        break;
      case Action.SubscribedTo:
        // A new subscription starts from an empty table: the core sends every node again.
        next.subscribed = m.genesisHash;
        next.nodes = new Map();
        next.best = null;
        next.finalized = null;
        break;
      case Action.UnsubscribedFrom:
        if (next.subscribed === m.genesisHash) {
          next.subscribed = null;
          next.nodes = new Map();
        }
        break;
      case "unknown":
        next.unknownActions.add(m.code);
        break;
      case "malformed":
        next.problems.push(`action ${m.code}: ${m.why}`);
        if (next.problems.length > MAX_PROBLEMS) next.problems.splice(0, next.problems.length - MAX_PROBLEMS);
        break;
      default:
        break;
    }
  }
  return next;
}
