// Test set-up on the real chain, through the same typed API the UI uses: registering
// validators for monitoring, reading what the chain says to compare with what the page shows.

import { Binary } from "polkadot-api";
import { WebSocket } from "ws";
import { connect, type Connection } from "../../src/chain/client.ts";
import type { DevAccount } from "./keys.ts";

export function chain(url: string): Connection {
  return connect(url, () => {}, WebSocket as unknown as typeof globalThis.WebSocket);
}

/** Signs and submits; resolves when the transaction is in a finalized block, or throws why not. */
export async function send(tx: { signAndSubmit: (s: any) => Promise<any> }, who: DevAccount): Promise<void> {
  const r = await tx.signAndSubmit(who.signer);
  if (!r.ok) throw new Error(`transaction failed: ${JSON.stringify(r.dispatchError, (_, v) => (typeof v === "bigint" ? v.toString() : v))}`);
}

/** `who` registers its validator with these HTTP endpoints. */
export function register(c: Connection, who: DevAccount, endpoints: string[]) {
  return send(c.api.tx.Monitoring.register({ endpoints: endpoints.map((e) => Binary.fromText(e)) }), who);
}

/**
 * `who` registers its validator and pauses it in one transaction (`Utility.batch_all`), so no
 * probe can land between the two: a validator with no data.
 */
export function registerPaused(c: Connection, who: DevAccount, endpoints: string[]) {
  const reg = c.api.tx.Monitoring.register({ endpoints: endpoints.map((e) => Binary.fromText(e)) });
  const pause = c.api.tx.Monitoring.pause();
  return send(c.api.tx.Utility.batch_all({ calls: [reg.decodedCall, pause.decodedCall] }), who);
}
