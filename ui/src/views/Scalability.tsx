// A network's scalability campaigns: the measured throughput at each size with the fitted USL
// curve, the model (σ, κ, λ, peak, latency at the peak) and the regression verdict against
// the baseline, as the runtime's `ScalabilityApi` gives them.

import { useEffect, useState } from "react";
import * as scal from "../chain/scalability.ts";
import { message, useStore, type Store } from "../store.ts";
import { ErrorNote } from "./common.tsx";

export function Scalability({ store }: { store: Store }) {
  const state = useStore(store);
  const [nets, setNets] = useState<string[] | { error: string } | null>(null);
  const [net, setNet] = useState<string | null>(null);
  const [campaigns, setCampaigns] = useState<scal.Campaign[] | { error: string } | null>(null);
  useEffect(() => {
    if (state.status.state !== "connected") return;
    scal.networks(store.api).then(
      (n) => {
        setNets(n);
        setNet((cur) => cur ?? n[0] ?? null);
      },
      (e) => setNets({ error: message(e) }),
    );
  }, [store, state.status.state, state.block === null]);
  useEffect(() => {
    if (!net) return;
    setCampaigns(null);
    scal.campaignsOf(store.api, net).then(setCampaigns, (e) => setCampaigns({ error: message(e) }));
  }, [store, net]);

  return (
    <section aria-labelledby="scal-title">
      <h2 id="scal-title">Scalability</h2>
      {nets && "error" in nets && <ErrorNote>{nets.error}</ErrorNote>}
      {Array.isArray(nets) && nets.length === 0 && <p>No network has campaigns on this chain yet (`stacktical publish` creates them).</p>}
      {Array.isArray(nets) && nets.length > 0 && (
        <label>
          Network{" "}
          <select value={net ?? ""} onChange={(e) => setNet(e.target.value)}>
            {nets.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
      )}
      {campaigns && "error" in campaigns && <ErrorNote>{campaigns.error}</ErrorNote>}
      {Array.isArray(campaigns) &&
        campaigns.map((c) => (
          <article key={c.id} className="campaign" data-testid={`campaign-${c.id}`}>
            <h3>
              #{c.id} {c.release} <small className="muted">({c.sweep_kind}, {c.state}, fit {c.fit.status.replace(/_/g, " ")})</small>
            </h3>
            <CampaignChart store={store} campaign={c} />
            {c.model ? (
              <p>
                σ = {c.model.sigma.toPrecision(4)}, κ = {c.model.kappa.toPrecision(4)}, λ = {c.model.lambda.toPrecision(4)}, R² = {c.model.r_squared.toFixed(4)};
                peak {c.model.peak_tps === null ? "none (κ = 0)" : `${c.model.peak_tps.toFixed(1)} TPS at N = ${c.model.peak_n?.toFixed(1)}`}
                {c.model.latency_at_peak_ms !== null ? `, latency there ${c.model.latency_at_peak_ms.toFixed(1)} ms` : ""}.
              </p>
            ) : (
              <p className="muted">No accepted model yet.</p>
            )}
            {c.comparison && (
              <p className={`verdict ${c.comparison.verdict}`} data-testid="verdict">
                Against #{c.comparison.baseline}: <strong>{c.comparison.verdict}</strong>
                {c.comparison.peak_tps_change !== null ? ` (peak ${(c.comparison.peak_tps_change * 100).toFixed(1)} %, threshold ${(c.comparison.threshold * 100).toFixed(1)} %)` : ""}
              </p>
            )}
          </article>
        ))}
    </section>
  );
}

function CampaignChart({ store, campaign }: { store: Store; campaign: scal.Campaign }) {
  const [curve, setCurve] = useState<scal.Prediction[]>([]);
  const ms = campaign.measurements;
  const maxN = Math.max(1, ...ms.map((m) => m.n), (campaign.model?.peak_n ?? 0) * 1.5);
  useEffect(() => {
    if (!campaign.model) return;
    const sizes = Array.from({ length: 40 }, (_, i) => 1 + (i * (maxN - 1)) / 39);
    scal.predict(store.api, campaign.id, sizes).then(setCurve, () => setCurve([]));
  }, [store, campaign.id, campaign.model, maxN]);
  const W = 520;
  const H = 200;
  const pad = 36;
  const maxT = Math.max(1, ...ms.map((m) => m.tps), ...curve.map((p) => p.tps)) * 1.1;
  const x = (n: number) => pad + (n / maxN) * (W - 2 * pad);
  const y = (t: number) => H - pad + -(t / maxT) * (H - 2 * pad);
  const peakN = campaign.model?.peak_n ?? null;
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`throughput against size for campaign ${campaign.id}`}>
      <line x1={pad} x2={W - pad} y1={H - pad} y2={H - pad} className="axis" />
      <line x1={pad} x2={pad} y1={pad} y2={H - pad} className="axis" />
      <text x={pad} y={H - pad + 14} textAnchor="middle" className="tick">0</text>
      <text x={W / 2} y={H - 8} textAnchor="middle" className="tick">network size N</text>
      <text x={W - pad} y={H - 8} textAnchor="end" className="tick">{maxN.toFixed(0)}</text>
      <text x={pad - 4} y={pad} textAnchor="end" className="tick">{maxT.toFixed(0)}</text>
      <text x={pad - 4} y={pad - 14} textAnchor="start" className="tick">TPS</text>
      {peakN !== null && (
        <line x1={x(peakN)} x2={x(peakN)} y1={pad} y2={H - pad} className="axis peak">
          <title>{`peak at N = ${peakN.toFixed(1)}`}</title>
        </line>
      )}
      {curve.length > 1 && <path className="uptime" fill="none" d={curve.map((p, i) => `${i ? "L" : "M"}${x(p.n).toFixed(1)} ${y(p.tps).toFixed(1)}`).join("")} />}
      {ms.map((m) => (
        <circle key={m.n} className="point" cx={x(m.n)} cy={y(m.tps)} r="4">
          <title>{`N = ${m.n}: ${m.tps.toFixed(1)} TPS, p95 ${m.latency_p95_ms.toFixed(1)} ms`}</title>
        </circle>
      ))}
    </svg>
  );
}
