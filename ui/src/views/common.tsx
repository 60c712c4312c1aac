// Small pieces every page uses: the connection banner, SLI cells that say "no data", the
// uptime sparkline and the chart frame.

import type { ReactNode } from "react";
import type { ConnectionStatus } from "../chain/client.ts";
import { ms, NO_DATA, pct, shortAddress, sparkPath } from "../model/format.ts";
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
  if (!values || values.every((v) => v === null)) return <Missing />;
  return (
    <svg className="spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <path d={sparkPath(values, w, h)} fill="none" stroke="currentColor" strokeWidth="1.5" />
      {values.map((v, i) =>
        v === null ? null : <circle key={i} cx={values.length > 1 ? (i * w) / (values.length - 1) : w / 2} cy={h - (v / 100) * h} r="1.5" fill="currentColor" />,
      )}
    </svg>
  );
}
