// Small pieces every page uses: the connection banner, SLI cells that say "no data", the
// uptime sparkline and the chart frame.

import type { ReactNode } from "react";
import type { ConnectionStatus } from "../chain/client.ts";
import { ms, NO_DATA, pct, shortAddress, sparkBars } from "../model/format.ts";
import type { Sli } from "../model/sli.ts";

export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status.state === "connected") return null;
  const text =
    status.state === "connecting"
      ? `Connecting to ${status.url}…`
      : `The node at ${status.url} cannot be reached. Retrying${status.attempts > 1 ? ` (attempt ${status.attempts})` : ""}; figures below may be stale.`;
  return (
    <div className={`banner ${status.state}`} role="status" aria-live="polite" data-testid="connection-banner">
      {text}
    </div>
  );
}

export function ErrorNote({ children }: { children: ReactNode }) {
  return (
    <p className="error" role="alert">
      {children}
    </p>
  );
}

export function Missing() {
  return <span className="missing">{NO_DATA}</span>;
}

export function Uptime({ sli }: { sli: Sli | undefined }) {
  if (!sli || sli.uptimePct === null) return <Missing />;
  return (
    <span title={`${sli.probesUp} of ${sli.probes} probes up`}>
      {pct(sli.uptimePct)} <small className="muted">({sli.probes})</small>
    </span>
  );
}

export function Millis({ value }: { value: number | null | undefined }) {
  return value === null || value === undefined ? <Missing /> : <span>{ms(value)}</span>;
}

export function Address({ value }: { value: string }) {
  return (
    <span className="address" title={value}>
      {shortAddress(value)}
    </span>
  );
}

export function Sparkline({ values, label }: { values: (number | null)[] | undefined; label: string }) {
  const w = 84;
  const h = 20;
  // Not loaded yet (the sparklines come after the list) is not the same as no data.
  if (!values) return <span className="muted" aria-label={`${label}: loading`}>…</span>;
  if (values.every((v) => v === null)) return <Missing />;
  const days = values.map((v, i) => `${values.length - 1 - i === 0 ? "today" : `${values.length - 1 - i} d ago`}: ${pct(v)}`).join("; ");
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${label}: ${days}`}>
      <title>{days}</title>
      {sparkBars(values, w, h).map((b, i) =>
        b.height === null ? (
          <rect key={i} className="gap" x={b.x} y={h - 1} width={b.width} height={1} />
        ) : (
          <rect key={i} x={b.x} y={h - b.height} width={b.width} height={b.height} fill="currentColor" />
        ),
      )}
    </svg>
  );
}
