import assert from "node:assert/strict";
import { test } from "node:test";
import { MalformedAnswer, meets, sliFromRaw, windowFromRaw, type RawSli } from "../../src/model/sli.ts";

const good: RawSli = {
  uptime_ppm: 995_000,
  probes_up: 199,
  probes: 200,
  latency: { mean_us: 1_500, p50_us: 1_200, p95_us: 3_000, p99_us: 9_000 },
};

test("an answer becomes percent and milliseconds", () => {
  assert.deepEqual(sliFromRaw(good), {
    uptimePct: 99.5,
    probesUp: 199,
    probes: 200,
    latency: { mean: 1.5, p50: 1.2, p95: 3, p99: 9 },
  });
});

test("no probes is no data, not 0 %", () => {
  const s = sliFromRaw({ uptime_ppm: undefined, probes_up: 0, probes: 0, latency: undefined });
  assert.equal(s.uptimePct, null);
  assert.equal(s.latency, null);
  assert.equal(meets(s, { uptimePct: 0, p95Ms: null }), null);
});

test("answers that do not hold together are refused with the reason", () => {
  const bad: [Partial<RawSli>, RegExp][] = [
    [{ uptime_ppm: 1_000_001 }, /above 100 %/],
    [{ probes_up: 201 }, /more probes up/],
    [{ uptime_ppm: undefined }, /probes but no uptime/],
    [{ latency: { mean_us: 1, p50_us: 5, p95_us: 4, p99_us: 9 } }, /out of order/],
    [{ probes: -1 }, /not a count/],
    [{ probes: 1.5 as number }, /not a count/],
  ];
  for (const [change, why] of bad) {
    assert.throws(() => sliFromRaw({ ...good, ...change }), (e: unknown) => e instanceof MalformedAnswer && why.test(e.message));
  }
  assert.throws(() => windowFromRaw({ resolution: { type: "Hour" }, from_ms: 10n, to_ms: 5n }), MalformedAnswer);
  assert.throws(() => windowFromRaw({ resolution: { type: "Minute" }, from_ms: 1n, to_ms: 5n }), MalformedAnswer);
});

test("an objective is met, missed, or cannot be judged", () => {
  const s = sliFromRaw(good);
  assert.equal(meets(s, { uptimePct: 99, p95Ms: null }), true);
  assert.equal(meets(s, { uptimePct: 99.9, p95Ms: null }), false);
  assert.equal(meets(s, { uptimePct: 99, p95Ms: 2 }), false);
  assert.equal(meets(s, { uptimePct: 99, p95Ms: 5 }), true);
  assert.equal(meets({ ...s, latency: null }, { uptimePct: 99, p95Ms: 5 }), null);
});

test("staking data: commission from Perbill, active only with an exposure in the active era", async () => {
  const { stakingOf, reformat } = await import("../../src/chain/staking.ts");
  assert.deepEqual(stakingOf({ commission: 50_000_000, blocked: false }, { total: 10n, own: 4n, nominator_count: 3, page_count: 1 }), {
    commissionPct: 5,
    blocked: false,
    status: "active",
    total: 10n,
    own: 4n,
    nominators: 3,
  });
  assert.equal(stakingOf({ commission: 0, blocked: true }, undefined)?.status, "waiting");
  assert.equal(stakingOf({ commission: 2_000_000_000, blocked: false }, undefined), null, "commission above 100 % is refused");
  assert.equal(stakingOf(undefined, undefined), null);
  // Polkadot (0) and generic (42) formats of Alice's key are the same account.
  const alice42 = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  const alice0 = reformat(alice42, 0)!;
  assert.ok(alice0.startsWith("1"));
  assert.equal(reformat(alice0, 42), alice42);
  assert.equal(reformat("not an address", 42), null);
});

test("sparkline days are whole UTC days of chain time, the last one ending now", async () => {
  const { sparkDays, windowArg, DAY_MS } = await import("../../src/chain/monitoring.ts");
  const now = 10 * DAY_MS + 3_600_000;
  const days = sparkDays(now, 3);
  assert.deepEqual(days, [
    { fromMs: 8 * DAY_MS, toMs: 9 * DAY_MS },
    { fromMs: 9 * DAY_MS, toMs: 10 * DAY_MS },
    { fromMs: 10 * DAY_MS, toMs: now },
  ]);
  assert.deepEqual(sparkDays(10 * DAY_MS, 2), [{ fromMs: 9 * DAY_MS, toMs: 10 * DAY_MS }], "an empty today is left out");
  assert.deepEqual(windowArg("era"), { type: "Era", value: undefined });
  assert.deepEqual(windowArg({ fromMs: 1, toMs: 2 }), { type: "Custom", value: { from_ms: 1n, to_ms: 2n } });
});

test("identities: display names, sub-identities as parent/sub, judgements, and nothing made up", async () => {
  const { identityOf, dataText } = await import("../../src/chain/identity.ts");
  const text = (t: string) => ({ type: `Raw${new TextEncoder().encode(t).length}`, value: new TextEncoder().encode(t) });
  const reg = (name: string, judgement?: string) => ({ judgements: judgement ? [[0, { type: judgement }]] : [], deposit: 1n, info: { display: text(name) } });
  assert.deepEqual(identityOf(reg("ZUG CAPITAL", "KnownGood"), undefined, undefined), { display: "ZUG CAPITAL", verified: true });
  assert.deepEqual(identityOf(reg("plain", "FeePaid"), undefined, undefined), { display: "plain", verified: false }, "a paid request is not a judgement");
  // The older layout, (registration, username).
  assert.deepEqual(identityOf([reg("old", "Reasonable"), undefined], undefined, undefined), { display: "old", verified: true });
  // A sub-account: the parent's name and judgement with the sub's own name.
  assert.deepEqual(identityOf(undefined, ["5Parent", text("validator-02")], reg("ACME", "Reasonable")), { display: "ACME/validator-02", verified: true });
  assert.deepEqual(identityOf(undefined, ["5Parent", { type: "None" }], reg("ACME")), { display: "ACME", verified: false });
  assert.equal(identityOf(undefined, ["5Parent", text("x")], undefined), null, "a sub of a parent without identity has none");
  // Hex text (older clients), hashes, empty, non-UTF-8 and control characters.
  assert.equal(dataText({ type: "Raw3", value: "0x616263" }), "abc");
  assert.equal(dataText({ type: "BlakeTwo256", value: "0x00" }), null);
  assert.equal(dataText({ type: "Raw0", value: new Uint8Array() }), null);
  assert.equal(dataText({ type: "Raw2", value: new Uint8Array([0xff, 0xfe]) }), null);
  assert.equal(dataText(text("a\u0000b\nc")), "abc");
  assert.equal(identityOf(undefined, undefined, undefined), null);
});

test("discoverability: a share of the hours counted, none without an hour, refused if it does not add up", async () => {
  const { discoverabilityFromRaw } = await import("../../src/chain/monitoring.ts");
  assert.deepEqual(discoverabilityFromRaw({ hours: 24, discoverable_hours: 18 }), { pct: 75, hours: 24, discoverableHours: 18 });
  assert.equal(discoverabilityFromRaw({ hours: 0, discoverable_hours: 0 }).pct, null);
  assert.throws(() => discoverabilityFromRaw({ hours: 2, discoverable_hours: 3 }), MalformedAnswer);
});

test("a member's SLIs are over its channel, with its HTTP SLIs beside only where it is p2p", async () => {
  const { member } = await import("../../src/chain/monitoring.ts");
  const raw = {
    stash: "5Alice",
    channel: { type: "P2p" },
    sli: good,
    probers: [],
    max_deviation_ppm: 0,
    probers_seen: 3,
    insufficient_hours: 0,
    http: { sli: { ...good, uptime_ppm: 500_000, probes_up: 100 }, probers: [], max_deviation_ppm: 0, probers_seen: 2, insufficient_hours: 1 },
  };
  const m = member(raw);
  assert.equal(m.channel, "p2p");
  assert.equal(m.sli.uptimePct, 99.5);
  assert.equal(m.http?.sli.uptimePct, 50);
  assert.equal(m.http?.insufficientHours, 1);
  assert.equal(member({ ...raw, channel: { type: "Http" }, http: undefined }).channel, "http");
  assert.throws(() => member({ ...raw, channel: { type: "Http" } }), MalformedAnswer);
  assert.throws(() => member({ ...raw, channel: undefined }), MalformedAnswer);
});
