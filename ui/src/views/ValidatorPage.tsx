// One validator: its SLIs over the window, the history chart, each prober's own figures and
// latest probe, and the SLAs it is a member of with their periods, verdicts and money moved.
// With a wallet account, cover can be bought and claimed here.

import { useEffect, useState } from "react";
import * as monitoring from "../chain/monitoring.ts";
import * as sla from "../chain/sla.ts";
import type { Account } from "../chain/wallet.ts";
import { count, date, parseTokens, pct, tokens } from "../model/format.ts";
import { WINDOWS, type Bucket } from "../model/sli.ts";
import type { Route } from "../model/route.ts";
import { message, useStore, type Store } from "../store.ts";
import { Address, ErrorNote, Millis, Missing, Uptime } from "./common.tsx";
import { HistoryChart } from "./HistoryChart.tsx";

/** Periods shown per SLA: the latest ones. */
export const PERIODS_SHOWN = 24;

export function ValidatorPage({ store, route, stash, navigate, account }: { store: Store; route: Route; stash: string; navigate: (r: Route) => void; account: Account | null }) {
  const state = useStore(store);
  const w = route.list.window;
  useEffect(() => store.want(w), [store, w]);
  // Kept across refreshes; replaced when the validator or the window changes.
  const key = `${stash}|${w}`;
  const [loaded, setHistory] = useState<{ key: string; value: { buckets: Bucket[]; resolution: string } | { error: string } } | null>(null);
  useEffect(() => {
    if (state.status.state !== "connected") return;
    let live = true;
    monitoring
      .history(store.api, stash, w, { at: state.dataAt?.hash })
      .then((h) => live && setHistory({ key, value: h }))
      .catch((e) => live && setHistory({ key, value: { error: message(e) } }));
    return () => {
      live = false;
    };
  }, [store, stash, w, key, state.status.state, state.dataAt?.hash]);
  const history = loaded?.key === key ? loaded.value : null;

  const target = state.targets?.find((t) => t.stash === stash);
  const m = state.sli[w]?.get(stash);
  const offers = (state.offers ?? []).filter((o) => o.members.includes(stash));
  const lastOf = (channel: "p2p" | "http") => new Map(target?.lastProbes.filter((p) => p.channel === channel).map((p) => [p.prober, p]) ?? []);
  const [lastPrimary, lastHttp] = [lastOf(m?.channel ?? target?.channel ?? "p2p"), lastOf("http")];
  const probeText = (last: { up: boolean; latencyMs: number | null; reason: string | null; period: number }) =>
    last.up ? `up, ${last.latencyMs} ms (period ${last.period})` : `down: ${last.reason} (period ${last.period})`;

  if (state.targets && !target) {
    return (
      <section>
        <h2>Validator <Address value={stash} /></h2>
        <ErrorNote>This account has no monitored validator on this chain.</ErrorNote>
        <a href="#/validators">Back to the list</a>
      </section>
    );
  }
  return (
    <section aria-labelledby="validator-title">
      <h2 id="validator-title">
        Validator <span className="address full">{stash}</span> {target?.paused && <span className="tag">paused</span>}
      </h2>
      <fieldset className="windows" aria-label="Window">
        {WINDOWS.map((name) => (
          <label key={name} className={name === w ? "on" : ""}>
            <input type="radio" name="window" value={name} checked={name === w} onChange={() => navigate({ ...route, list: { ...route.list, window: name } })} />
            {name}
          </label>
        ))}
      </fieldset>
      <dl className="figures" data-testid="validator-figures">
        <dt>Uptime</dt>
        <dd data-col="uptime" data-channel={m?.channel}>
          <Uptime sli={m?.sli} /> {m && <small className="muted">{m.channel === "p2p" ? "over p2p" : "at its HTTP URLs"}</small>}
        </dd>
        <dt>p50 / p95 / p99</dt>
        <dd>
          <Millis value={m?.sli.latency?.p50} /> / <Millis value={m?.sli.latency?.p95} /> / <Millis value={m?.sli.latency?.p99} />
        </dd>
        <dt>Probers</dt>
        <dd>
          {m ? `${m.probersSeen} reported; largest spread ${m.maxDeviationPct.toFixed(1)} pp` : <Missing />}
          {m && m.insufficientHours > 0 && `; ${count(m.insufficientHours, "hour")} with too few probers (insufficient evidence), left out`}
        </dd>
        {m?.http && (
          <>
            <dt>At its HTTP URLs</dt>
            <dd data-col="http">
              <Uptime sli={m.http.sli} />; p95 <Millis value={m.http.sli.latency?.p95} />; {m.http.probersSeen} probers reported
              {m.http.insufficientHours > 0 && `; ${count(m.http.insufficientHours, "hour")} with too few probers, left out`}
            </dd>
          </>
        )}
        <dt>Endpoints</dt>
        <dd>{target?.endpoints.join(", ") || "—"}</dd>
        {target?.discovery && (
          <>
            <dt>Discoverable</dt>
            <dd data-col="discoverable">
              {m?.discoverability?.pct != null
                ? `${m.discoverability.pct.toFixed(1)} % of ${count(m.discoverability.hours, "hour")}`
                : <Missing />}
              {target.discovery.peerId
                ? `; newest signed record ${date(target.discovery.latestRecordMs!)}, PeerId ${target.discovery.peerId}`
                : "; no signed record seen yet"}
            </dd>
          </>
        )}
      </dl>

      <h3>History ({w})</h3>
      {history === null && <p className="muted">Loading history…</p>}
      {history && "error" in history && <ErrorNote>Cannot load the history: {history.error}</ErrorNote>}
      {history && "buckets" in history && <HistoryChart buckets={history.buckets} />}

      <h3>Probers</h3>
      <table data-testid="probers">
        <thead>
          <tr>
            <th scope="col">Prober key</th>
            <th scope="col">Uptime ({w})</th>
            <th scope="col">p95</th>
            <th scope="col">Spread</th>
            <th scope="col">Latest probe</th>
          </tr>
        </thead>
        <tbody>
          {(target?.probers ?? []).map((p) => {
            const own = m?.probers.find((x) => x.prober === p);
            const last = lastPrimary.get(p);
            const http = m?.channel === "p2p" ? lastHttp.get(p) : undefined;
            return (
              <tr key={p}>
                <th scope="row"><Address value={p} /></th>
                <td><Uptime sli={own?.sli} /></td>
                <td><Millis value={own?.sli.latency?.p95} /></td>
                <td>{own ? `${own.deviationPct.toFixed(1)} pp` : <Missing />}</td>
                <td>
                  {last ? probeText(last) : <Missing />}
                  {http && `; HTTP ${probeText(http)}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      <h3>SLAs</h3>
      {state.offersError && <ErrorNote>Cannot load SLAs: {state.offersError}</ErrorNote>}
      {offers.length === 0 && <p className="muted">This validator offers no SLA.</p>}
      {offers.map((o) => (
        <SlaPanel key={o.id} store={store} offer={o} account={account} />
      ))}
    </section>
  );
}

function SlaPanel({ store, offer, account }: { store: Store; offer: sla.Offer; account: Account | null }) {
  const state = useStore(store);
  const sym = state.chain?.symbol ?? "";
  const dec = state.chain?.decimals ?? 12;
  const [periods, setPeriods] = useState<sla.Period[] | { error: string } | null>(null);
  const [position, setPosition] = useState<sla.Position | null>(null);
  const [amount, setAmount] = useState("");
  const [count, setCount] = useState("2");
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const block = state.dataAt?.hash;

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const settled = await sla.settledCount(store.api, offer.id);
        const from = Math.max(0, settled - PERIODS_SHOWN);
        const p = await sla.periods(store.api, offer.id, from, settled - from);
        if (live) setPeriods(p);
      } catch (e) {
        if (live) setPeriods({ error: message(e) });
      }
      if (account) {
        try {
          const pos = await sla.position(store.api, offer.id, account.address);
          if (live) setPosition(pos);
        } catch {
          if (live) setPosition(null);
        }
      }
    })();
    return () => {
      live = false;
    };
  }, [store, offer.id, account, block]);

  const units = parseTokens(amount, dec);
  const n = Number(count);
  const validPeriods = Number.isInteger(n) && n > 0 && n <= offer.periods;
  const cost = units !== null && validPeriods && offer.market ? sla.premium(units, offer.market.premiumPpm, n) : null;

  const run = async (what: string, f: () => Promise<sla.TxOutcome>) => {
    setBusy(what);
    setOutcome(null);
    const r = await f();
    setBusy(null);
    if (r.ok) void store.refresh();
    setOutcome(r.ok ? `${what}: included in block ${r.block.slice(0, 10)}…` : `${what} failed: ${r.error}`);
  };

  return (
    <article className="sla" data-testid={`sla-${offer.id}`}>
      <h4>
        SLA #{offer.id}: {offer.objectives.map(sla.objectiveText).join(", ")}, per {offer.cadence}, {offer.periods} periods ({offer.state.toLowerCase()})
      </h4>
      <p>
        Provider <Address value={offer.provider} />
        {offer.members.length > 1 ? `, ${offer.members.length} validators pooled` : ""}.{" "}
        {offer.market
          ? `Premium ${(offer.market.premiumPpm / 10_000).toFixed(2)} % of cover per period; bond ${tokens(offer.market.bond, dec, sym)}, backing ${tokens(offer.market.backing, dec, sym)}.`
          : "The provider has not opened its market: no cover can be bought yet."}
      </p>
      {periods === null && <p className="muted">Loading periods…</p>}
      {periods && "error" in periods && <ErrorNote>{periods.error}</ErrorNote>}
      {periods && !("error" in periods) && periods.length === 0 && <p className="muted">No period settled yet.</p>}
      {periods && !("error" in periods) && periods.length > 0 && (
        <table data-testid="periods">
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">From</th>
              <th scope="col">Verdict</th>
              <th scope="col">Uptime</th>
              <th scope="col">Cover</th>
              <th scope="col">Premium → provider</th>
              <th scope="col">Compensation → holders</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.period} className={p.verdict}>
                <th scope="row">{p.period}</th>
                <td>{date(p.fromMs)}</td>
                <td data-col="verdict">
                  {p.verdict === "breached" ? `breached (credit ${pct(p.creditPct)})` : p.verdict === "void" ? `void: ${p.voidReason}` : "met"}
                </td>
                <td><Uptime sli={p.sli} /></td>
                <td>{p.money ? tokens(p.money.cover, dec, sym) : <span className="muted">not final</span>}</td>
                <td>{p.money ? tokens(p.money.toProvider, dec, sym) : "—"}</td>
                <td>{p.money ? tokens(p.money.compensation, dec, sym) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!account && <p className="muted">Connect a wallet to buy cover or claim.</p>}
      {account && (
        <div className="actions">
          <p data-testid="position">
            {position?.cover
              ? `Your cover: ${tokens(position.cover.amount, dec, sym)} for periods ${position.cover.from}–${position.cover.to - 1}; claimable now ${tokens(position.claimable, dec, sym)}.`
              : `You hold no cover on this SLA${position && position.claimable > 0n ? `; claimable now ${tokens(position.claimable, dec, sym)}` : ""}.`}
          </p>
          {offer.market && (offer.state === "Offered" || offer.state === "Active") && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (units !== null && validPeriods) void run("Buy cover", () => sla.buyCover(store.api, account.polkadotSigner, offer.id, units, n));
              }}
            >
              <label>
                Cover <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} placeholder={sym} aria-invalid={amount !== "" && units === null} />
              </label>{" "}
              <label>
                for <input name="periods" type="number" min="1" max={offer.periods} value={count} onChange={(e) => setCount(e.target.value)} /> periods
              </label>{" "}
              <span className="muted">{cost !== null ? `premium ${tokens(cost, dec, sym)}` : amount ? "enter a positive amount" : ""}</span>{" "}
              <button type="submit" disabled={busy !== null || units === null || !validPeriods}>
                Buy cover
              </button>
            </form>
          )}
          <button type="button" disabled={busy !== null || !position || position.claimable === 0n} onClick={() => void run("Claim", () => sla.claim(store.api, account.polkadotSigner, offer.id))}>
            Claim {position && position.claimable > 0n ? tokens(position.claimable, dec, sym) : ""}
          </button>
          {busy && <p className="muted" role="status">{busy}: waiting for the chain…</p>}
          {outcome && <p role="status" data-testid="tx-outcome">{outcome}</p>}
        </div>
      )}
    </article>
  );
}
