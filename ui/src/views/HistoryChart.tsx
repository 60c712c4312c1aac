// A validator's SLI history: uptime per bucket (line; gaps where nothing was probed) and p95
// latency (bars on their own axis), in plain SVG.

import type { Bucket } from "../model/sli.ts";
import { count, date, ms, pct } from "../model/format.ts";

const W = 720;
const H = 220;
const PAD = { left: 48, right: 56, top: 12, bottom: 28 };

export function HistoryChart({ buckets }: { buckets: Bucket[] }) {
  if (buckets.length === 0) return <p className="muted">No buckets in this window.</p>;
  const inner = { w: W - PAD.left - PAD.right, h: H - PAD.top - PAD.bottom };
  const t0 = buckets[0]!.fromMs;
  const t1 = buckets[buckets.length - 1]!.toMs;
  const x = (t: number) => PAD.left + ((t - t0) / Math.max(1, t1 - t0)) * inner.w;
  const minUp = Math.min(90, ...buckets.map((b) => b.sli.uptimePct ?? 100));
  const yUp = (v: number) => PAD.top + (1 - (v - minUp) / (100 - minUp || 1)) * inner.h;
  const maxLat = Math.max(1, ...buckets.map((b) => b.sli.latency?.p95 ?? 0));
  const yLat = (v: number) => PAD.top + (1 - v / maxLat) * inner.h;
  let d = "";
  let pen = false;
  for (const b of buckets) {
    if (b.sli.uptimePct === null) {
      pen = false;
      continue;
    }
    const mid = (b.fromMs + b.toMs) / 2;
    d += `${pen ? "L" : "M"}${x(mid).toFixed(1)} ${yUp(b.sli.uptimePct).toFixed(1)}`;
    pen = true;
  }
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label="uptime and p95 latency per bucket" data-testid="history-chart">
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="axis" />
      <text x={PAD.left - 4} y={yUp(100) + 4} textAnchor="end" className="tick">100 %</text>
      <text x={PAD.left - 4} y={yUp(minUp) + 4} textAnchor="end" className="tick">{minUp.toFixed(0)} %</text>
      <text x={W - PAD.right + 4} y={yLat(maxLat) + 4} className="tick lat">{ms(maxLat)}</text>
      <text x={PAD.left} y={H - 8} className="tick">{date(t0)}</text>
      <text x={W - PAD.right} y={H - 8} textAnchor="end" className="tick">{date(t1)}</text>
      {buckets.map((b) =>
        b.sli.latency ? (
          <rect
            key={`l${b.fromMs}`}
            className="lat"
            x={x(b.fromMs) + 1}
            width={Math.max(1, x(b.toMs) - x(b.fromMs) - 2)}
            y={yLat(b.sli.latency.p95)}
            height={H - PAD.bottom - yLat(b.sli.latency.p95)}
          >
            <title>{`${date(b.fromMs)}: p95 ${ms(b.sli.latency.p95)}`}</title>
          </rect>
        ) : null,
      )}
      <path d={d} className="uptime" fill="none" />
      {buckets.map((b) =>
        b.sli.uptimePct === null ? null : (
          <circle key={`u${b.fromMs}`} className="uptime" cx={x((b.fromMs + b.toMs) / 2)} cy={yUp(b.sli.uptimePct)} r="3">
            <title>{`${date(b.fromMs)}: ${pct(b.sli.uptimePct)} of ${count(b.sli.probes, "probe")}, ${count(b.probers, "prober")}`}</title>
          </circle>
        ),
      )}
    </svg>
  );
}
