import assert from "node:assert/strict";
import { test } from "node:test";
import { NO_FILTER, sortRows, visibleRows, type Row } from "../../src/model/list.ts";
import type { MemberSli, Sli } from "../../src/model/sli.ts";
import { formatRoute, parseRoute } from "../../src/model/route.ts";
import { base58, count, ms, parseTokens, pct, sparkBars, tokens } from "../../src/model/format.ts";

function sli(uptimePct: number | null, p95: number | null = null, probes = uptimePct === null ? 0 : 100): Sli {
  return {
    uptimePct,
    probes,
    probesUp: uptimePct === null ? 0 : Math.round(probes * (uptimePct / 100)),
    latency: p95 === null ? null : { mean: p95 / 2, p50: p95 / 2, p95, p99: p95 * 2 },
  };
}
function member(stash: string, s: Sli): MemberSli {
  return { stash, channel: "p2p", sli: s, probers: [], maxDeviationPct: 0, probersSeen: 3, insufficientHours: 0 };
}
function row(stash: string, day: Sli | undefined, week?: Sli, slaIds: number[] = []): Row {
  const r: Row = { stash, name: null, paused: false, sli: {}, slaIds };
  if (day) r.sli.day = member(stash, day);
  if (week) r.sli.week = member(stash, week);
  return r;
}

const rows = [
  row("A", sli(99)),
  row("B", sli(null)),
  row("C", sli(100, 50)),
  row("D", undefined),
  row("E", sli(99, 20), undefined, [0]),
];

test("sorting by uptime puts validators without data last in both directions, ties stable", () => {
  assert.deepEqual(sortRows(rows, "uptime", "desc", "day"), ["C", "A", "E", "B", "D"]);
  assert.deepEqual(sortRows(rows, "uptime", "asc", "day"), ["A", "E", "C", "B", "D"]);
});

test("sorting by latency treats a validator without a successful probe as missing, not as 0 ms", () => {
  assert.deepEqual(sortRows(rows, "p95", "asc", "day"), ["E", "C", "A", "B", "D"]);
  assert.deepEqual(sortRows(rows, "p95", "desc", "day"), ["C", "E", "A", "B", "D"]);
});

test("sorting by discoverability puts validators outside the relay set last in both directions", () => {
  const withDiscovery = (stash: string, pct: number | null) => {
    const r = row(stash, sli(99));
    r.sli.day!.discoverability = { pct, hours: pct === null ? 0 : 24, discoverableHours: pct === null ? 0 : Math.round((24 * pct) / 100) };
    return r;
  };
  const set = [withDiscovery("A", 50), row("B", sli(99)), withDiscovery("C", 100), withDiscovery("D", null)];
  assert.deepEqual(sortRows(set, "discoverable", "desc", "day"), ["C", "A", "B", "D"]);
  assert.deepEqual(sortRows(set, "discoverable", "asc", "day"), ["A", "C", "B", "D"]);
});

test("an order kept across a window toggle is not changed by the new window's figures", () => {
  const order = sortRows(rows, "uptime", "desc", "day");
  const weekly = rows.map((r) => ({ ...r, sli: { ...r.sli, week: member(r.stash, sli(r.stash === "D" ? 100 : 1)) } }));
  assert.deepEqual(visibleRows(weekly, order, NO_FILTER, "week").map((r) => r.stash), order);
});

test("filters: has data, offers an SLA, meets an SLO, search; new validators come after the order", () => {
  const order = ["C", "A"];
  const shown = (f: Partial<typeof NO_FILTER>) => visibleRows(rows, order, { ...NO_FILTER, ...f }, "day").map((r) => r.stash);
  assert.deepEqual(shown({}), ["C", "A", "B", "D", "E"]);
  assert.deepEqual(shown({ hasData: true }), ["C", "A", "E"]);
  assert.deepEqual(shown({ offersSla: true }), ["E"]);
  assert.deepEqual(shown({ slo: { uptimePct: 99.5, p95Ms: null } }), ["C"]);
  assert.deepEqual(shown({ slo: { uptimePct: 90, p95Ms: 30 } }), ["E"]);
  assert.deepEqual(shown({ search: "d" }), ["D"]);
});

test("the URL keeps sort, direction, window, filters and the group, and ignores nonsense", () => {
  const route = parseRoute("#/validators?sort=p95&dir=asc&window=week&slo=99.5&p95=250&data=1&sla=1&q=5Grw&stashes=a,b");
  assert.equal(route.list.sort, "p95");
  assert.equal(route.list.dir, "asc");
  assert.equal(route.list.window, "week");
  assert.deepEqual(route.list.filter, { slo: { uptimePct: 99.5, p95Ms: 250 }, hasData: true, offersSla: true, search: "5Grw" });
  assert.deepEqual(route.mine, ["a", "b"]);
  assert.deepEqual(parseRoute(formatRoute(route)), route);
  const junk = parseRoute("#/validators?sort=evil&dir=up&window=decade&slo=-3");
  assert.equal(junk.list.sort, "uptime");
  assert.equal(junk.list.dir, "desc");
  assert.equal(junk.list.window, "day");
  assert.equal(junk.list.filter.slo, null);
  assert.deepEqual(parseRoute("#/validator/5Grw%2Fx").page, { name: "validator", stash: "5Grw/x" });
});

test("formatting says 'no data' instead of a zero, and amounts round-trip", () => {
  assert.equal(pct(null), "no data");
  assert.equal(count(1, "prober"), "1 prober");
  assert.equal(count(0, "prober"), "0 probers");
  assert.equal(pct(0), "0.00 %");
  assert.equal(ms(undefined), "no data");
  assert.equal(ms(12.345), "12.3 ms");
  assert.equal(tokens(1_500_000_000_000n, 12, "STK"), "1.5 STK");
  assert.equal(parseTokens("1.5", 12), 1_500_000_000_000n);
  assert.equal(parseTokens("0", 12), null);
  assert.equal(parseTokens("1.2.3", 12), null);
  assert.equal(parseTokens("0.0000000000001", 12), null);
});

test("a sparkline has no bar for a day without data, and a visible one for 0 %", () => {
  const bars = sparkBars([100, null, 0, 50], 40, 10);
  assert.deepEqual(
    bars.map((b) => b.height),
    [10, null, 1, 5],
  );
  assert.equal(bars.length, 4);
  assert.ok(bars.every((b, i) => i === 0 || b.x >= bars[i - 1]!.x + bars[i - 1]!.width), "bars do not overlap");
  assert.ok(bars.at(-1)!.x + bars.at(-1)!.width <= 40, "bars fit the width");
  assert.deepEqual(sparkBars([], 40, 10), []);
});

test("base58 as libp2p writes PeerIds: leading zeros as 1s", () => {
  assert.equal(base58(new TextEncoder().encode("Hello World!")), "2NEpo7TZRRrLZSi2U");
  assert.equal(base58(Uint8Array.from([0, 0, 0x28, 0x7f, 0xb4, 0xcd])), "11233QC4");
  assert.equal(base58(new Uint8Array()), "");
});
