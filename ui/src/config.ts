// Where the UI connects, from the page's query string (`?rpc=…&staking=…&people=…&telemetry=…`), with the
// dev node as the default. The served page can be pointed at any chain without a rebuild.

export interface Endpoints {
  /** A Stacktical node's WebSocket RPC. */
  rpc: string;
  /** Optional: a staking chain (Asset Hub) for commission, stake and active/waiting. */
  staking: string | null;
  /** Optional: a People chain for validators' identities. */
  people: string | null;
  /** Optional: a telemetry core's feed, e.g. wss://feed.telemetry.polkadot.io/feed/. */
  telemetry: string | null;
}

export const DEFAULT_RPC = "ws://127.0.0.1:9944";

function wsUrl(text: string | null): string | null {
  if (!text) return null;
  try {
    const u = new URL(text);
    return u.protocol === "ws:" || u.protocol === "wss:" ? u.toString() : null;
  } catch {
    return null;
  }
}

export function endpoints(search: string): Endpoints {
  const q = new URLSearchParams(search);
  return {
    rpc: wsUrl(q.get("rpc")) ?? DEFAULT_RPC,
    staking: wsUrl(q.get("staking")),
    people: wsUrl(q.get("people")),
    telemetry: wsUrl(q.get("telemetry")),
  };
}
