// The connection to a Stacktical node: polkadot-api over a WebSocket, with the typed API
// generated from the chain's committed metadata (`.papi/metadata/stacktical.scale`).
//
// polkadot-api's provider reconnects by itself; this module turns its events into a status the
// UI shows (connecting, connected, lost with the number of attempts), so that a node that is
// down at start or lost mid-session shows a banner and recovers without a reload.

import { createClient, type PolkadotClient, type TypedApi } from "polkadot-api";
import { getWsProvider, WsEvent, type WebSocketClass } from "polkadot-api/ws";
import { stacktical } from "@polkadot-api/descriptors";

export type Api = TypedApi<typeof stacktical>;

export interface ConnectionStatus {
  state: "connecting" | "connected" | "lost";
  url: string;
  /** Failed attempts since the last good connection. */
  attempts: number;
}

export interface Connection {
  client: PolkadotClient;
  api: Api;
  close: () => void;
}

/** Connects to `url`; `onStatus` hears every change. `websocket` is for Node.js scripts. */
export function connect(url: string, onStatus: (s: ConnectionStatus) => void, websocket?: WebSocketClass): Connection {
  let attempts = 0;
  const provider = getWsProvider(url, {
    ...(websocket ? { websocketClass: websocket } : {}),
    timeout: 5_000,
    onStatusChanged: (s) => {
      switch (s.type) {
        case WsEvent.CONNECTING:
          onStatus({ state: attempts === 0 ? "connecting" : "lost", url, attempts });
          break;
        case WsEvent.CONNECTED:
          attempts = 0;
          onStatus({ state: "connected", url, attempts });
          break;
        case WsEvent.ERROR:
        case WsEvent.CLOSE:
          attempts += 1;
          onStatus({ state: "lost", url, attempts });
          break;
      }
    },
  });
  const client = createClient(provider);
  return { client, api: client.getTypedApi(stacktical), close: () => client.destroy() };
}

/** A runtime API method the connected chain lacks (an older runtime, or another chain). */
export class MissingMethod extends Error {
  constructor(method: string) {
    super(`the chain does not have ${method}: is this a Stacktical node with a current runtime?`);
    this.name = "MissingMethod";
  }
}

/** Turns polkadot-api's errors for a missing or incompatible runtime API into `MissingMethod`. */
export function explain(method: string, e: unknown): Error {
  const text = e instanceof Error ? e.message : String(e);
  if (/incompatible|not found|does not exist|Runtime entry|Cannot read/i.test(text)) return new MissingMethod(method);
  return e instanceof Error ? e : new Error(text);
}

/**
 * A client for another chain (the staking chain, the People chain): read untyped, since its
 * metadata is not Stacktical's; its provider reconnects by itself.
 */
export function connectOther(url: string): PolkadotClient {
  return createClient(getWsProvider(url));
}
