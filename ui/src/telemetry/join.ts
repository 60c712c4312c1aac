// Joins telemetry nodes to monitored validators: by libp2p PeerId where the validator's PeerId
// is known, then by node name (a validator's identity, or its stash address, as the operator
// passed it to `--name`). A node that matches nothing, or more than one validator, is unmatched.

import type { FeedNode } from "./feed.ts";

export interface Joinable {
  stash: string;
  peerId: string | null;
  /** Names a node of this validator may carry: identity, stash address. */
  names: string[];
}

export type Match = { stash: string; by: "peer id" | "name" } | null;

export function joinNodes(nodes: Iterable<FeedNode>, validators: readonly Joinable[]): Map<number, Match> {
  const byPeer = new Map<string, string>();
  const byName = new Map<string, string | null>();
  for (const v of validators) {
    if (v.peerId) byPeer.set(v.peerId, v.stash);
    for (const name of v.names) {
      const key = name.trim().toLowerCase();
      if (!key) continue;
      // A name two validators could carry identifies neither.
      byName.set(key, byName.has(key) && byName.get(key) !== v.stash ? null : v.stash);
    }
  }
  const out = new Map<number, Match>();
  for (const n of nodes) {
    const peer = n.peerId ? byPeer.get(n.peerId) : undefined;
    if (peer) {
      out.set(n.id, { stash: peer, by: "peer id" });
      continue;
    }
    const named = byName.get(n.name.trim().toLowerCase());
    out.set(n.id, named ? { stash: named, by: "name" } : null);
  }
  return out;
}
