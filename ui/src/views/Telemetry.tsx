// The telemetry view: the node table a Substrate Telemetry core's feed gives for one chain,
// with Stacktical's uptime and latency SLIs as extra columns for nodes that join a monitored
// validator (by PeerId, then by name). Live, with reconnection and backoff.

import { useEffect, useMemo, useRef, useState } from "react";
import { applyFeed, emptyFeed, FEED_VERSION, type FeedState } from "../telemetry/feed.ts";
import { joinNodes } from "../telemetry/join.ts";
import { openFeed, type FeedSocket, type FeedSocketStatus } from "../telemetry/socket.ts";
import { shortAddress } from "../model/format.ts";
import type { Route } from "../model/route.ts";
import { useStore, type Store } from "../store.ts";
import { Millis, Uptime } from "./common.tsx";

export function Telemetry({ store, route, feedUrl }: { store: Store; route: Route; feedUrl: string | null }) {
  const state = useStore(store);
  const w = route.list.window;
  useEffect(() => store.want(w), [store, w]);
  const [url, setUrl] = useState(feedUrl ?? "");
  const [active, setActive] = useState(feedUrl);
  const [feed, setFeed] = useState<FeedState>(emptyFeed);
  const [status, setStatus] = useState<FeedSocketStatus | null>(null);
  const [chain, setChain] = useState<string | null>(null);
  const socket = useRef<FeedSocket | null>(null);
  const ownGenesis = state.chain?.genesis ?? null;

  useEffect(() => {
    if (!active) return;
    setFeed(emptyFeed());
    const s = openFeed(active, chain ?? ownGenesis, (m) => setFeed((f) => applyFeed(f, m)), setStatus);
    socket.current = s;
    return () => s.close();
    // A chain chosen later is subscribed on the open socket, not by reconnecting.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  useEffect(() => {
    const target = chain ?? ownGenesis;
    if (target) socket.current?.subscribe(target);
  }, [chain, ownGenesis]);

  const validators = useMemo(
    // The PeerId the validator's own signed record names (relay-set validators), else by name.
    () => (state.targets ?? []).map((t) => ({ stash: t.stash, peerId: t.discovery?.peerId ?? null, names: [t.stash, shortAddress(t.stash)] })),
    [state.targets],
  );
  const joined = useMemo(() => joinNodes(feed.nodes.values(), validators), [feed.nodes, validators]);
  const nodes = [...feed.nodes.values()].sort((a, b) => a.id - b.id);

  return (
    <section aria-labelledby="tele-title">
      <h2 id="tele-title">Telemetry</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setActive(url.trim() || null);
        }}
      >
        <label>
          Feed <input type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="wss://feed.telemetry.polkadot.io/feed/" size={44} />
        </label>{" "}
        <button type="submit">Connect</button>
      </form>
      {!active && <p className="muted">Give a telemetry core's feed address to see its nodes.</p>}
      {status && status.state !== "open" && (
        <p className="banner lost" role="status" data-testid="feed-status">
          {status.state === "connecting"
            ? "Connecting to the feed…"
            : `Feed lost; retrying in ${Math.max(0, Math.round(((status.retryAt ?? Date.now()) - Date.now()) / 1000))} s (attempt ${status.attempts}).`}
        </p>
      )}
      {feed.versionMismatch && (
        <p className="error" role="alert" data-testid="feed-version">
          This telemetry core speaks feed version {feed.version}; this view understands version {FEED_VERSION}. Nothing from it is shown.
        </p>
      )}
      {feed.chains.size > 0 && (
        <label>
          Chain{" "}
          <select value={chain ?? feed.subscribed ?? ""} onChange={(e) => setChain(e.target.value)}>
            {!feed.subscribed && <option value="">choose a chain</option>}
            {[...feed.chains.values()].map((c) => (
              <option key={c.genesisHash} value={c.genesisHash}>
                {c.label} ({c.nodeCount} nodes)
              </option>
            ))}
          </select>
        </label>
      )}
      {feed.best && (
        <p>
          Best #{feed.best.height}, finalized #{feed.finalized?.height ?? "?"}, average block time {feed.best.avgBlockTimeMs !== null ? `${(feed.best.avgBlockTimeMs / 1000).toFixed(1)} s` : "?"}.
        </p>
      )}
      {feed.unknownActions.size > 0 && <p className="muted">Ignored feed actions this view does not know: {[...feed.unknownActions].join(", ")}.</p>}
      {feed.problems.length > 0 && <p className="muted">Malformed feed messages ignored: {feed.problems.length} (latest: {feed.problems[feed.problems.length - 1]}).</p>}
      {nodes.length > 0 && (
        <table data-testid="telemetry-table">
          <thead>
            <tr>
              <th scope="col">Node</th>
              <th scope="col">Version</th>
              <th scope="col">Peers</th>
              <th scope="col">Best</th>
              <th scope="col">Finalized</th>
              <th scope="col">Block time</th>
              <th scope="col">Propagation</th>
              <th scope="col">Validator</th>
              <th scope="col">Uptime ({w})</th>
              <th scope="col">p95</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => {
              const match = joined.get(n.id) ?? null;
              const m = match ? state.sli[w]?.get(match.stash) : undefined;
              return (
                <tr key={n.id} className={n.stale ? "stale" : ""} data-node={n.name}>
                  <th scope="row">
                    {n.name} {n.stale && <span className="tag">stale</span>}
                  </th>
                  <td>{n.version}</td>
                  <td>{n.peers}</td>
                  <td>#{n.best.height}</td>
                  <td>{n.finalized ? `#${n.finalized.height}` : "—"}</td>
                  <td>{(n.best.blockTimeMs / 1000).toFixed(1)} s</td>
                  <td>{n.best.propagationMs === null ? "—" : `${n.best.propagationMs} ms`}</td>
                  <td>{match ? <a href={`#/validator/${encodeURIComponent(match.stash)}`} title={`joined by ${match.by}`}>{shortAddress(match.stash)}</a> : "—"}</td>
                  <td data-col="uptime">{match ? <Uptime sli={m?.sli} /> : "—"}</td>
                  <td data-col="p95">{match ? <Millis value={m?.sli.latency?.p95} /> : "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
