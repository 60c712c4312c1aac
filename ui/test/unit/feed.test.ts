import assert from "node:assert/strict";
import { test } from "node:test";
import { applyFeed, decodeFrame, emptyFeed, MAX_PROBLEMS, type FeedState } from "../../src/telemetry/feed.ts";
import { feedFrames, GENESIS, MISMATCH_FRAME, VALIDATOR_PEER } from "../support/feed-replay.ts";

function replay(frames: string[]): FeedState {
  return frames.reduce((s, f) => applyFeed(s, decodeFrame(f)), emptyFeed());
}

test("a replayed feed builds the node table: added, updated, stale, removed", () => {
  const s = replay(feedFrames("alice-validator"));
  assert.equal(s.version, 33);
  assert.equal(s.versionMismatch, false);
  assert.deepEqual([...s.chains.keys()], [GENESIS], "the other chain was removed");
  assert.equal(s.subscribed, GENESIS);
  assert.deepEqual(s.best, { height: 120, timestamp: 1_700_000_720_000, avgBlockTimeMs: 6000 });
  assert.equal(s.finalized?.height, 118);
  assert.deepEqual([...s.nodes.keys()], [1, 2], "node 3 was removed");
  const v = s.nodes.get(1)!;
  assert.equal(v.name, "alice-validator");
  assert.equal(v.peerId, VALIDATOR_PEER);
  assert.equal(v.best.height, 122, "imported blocks move the best block");
  assert.equal(v.best.propagationMs, null);
  assert.equal(v.finalized?.height, 119);
  const other = s.nodes.get(2)!;
  assert.equal(other.peers, 12);
  assert.equal(other.txCount, 3);
  assert.equal(other.city, "Paris");
  assert.equal(other.stale, true);
  assert.deepEqual([...s.unknownActions], [99]);
  assert.equal(s.problems.length, 1);
  assert.match(s.problems[0]!, /action 8: node id is not a number/);
});

test("a core with another feed version is reported and its messages are not applied", () => {
  const s = replay([MISMATCH_FRAME, ...feedFrames("x").slice(1)]);
  assert.equal(s.version, 32);
  assert.equal(s.versionMismatch, true);
  assert.equal(s.nodes.size, 0);
});

test("frames that are not the protocol are problems, never exceptions", () => {
  for (const text of ["not json", "{}", "[1]", '[3, [1, ["n"]]]', '["x", 1]']) {
    const s = applyFeed(emptyFeed(), decodeFrame(text));
    assert.equal(s.problems.length, 1, text);
  }
  let s = emptyFeed();
  for (let i = 0; i < MAX_PROBLEMS * 2; i++) s = applyFeed(s, decodeFrame("nope"));
  assert.equal(s.problems.length, MAX_PROBLEMS, "problems are bounded");
});

test("resubscribing starts from an empty table", () => {
  let s = replay(feedFrames("v"));
  s = applyFeed(s, decodeFrame(JSON.stringify([14, GENESIS, 13, GENESIS])));
  assert.equal(s.nodes.size, 0);
  assert.equal(s.subscribed, GENESIS);
});

test("nodes join validators by PeerId first, then by a name only one validator carries", async () => {
  const { joinNodes } = await import("../../src/telemetry/join.ts");
  const s = replay(feedFrames("Alice-Stash"));
  const joined = joinNodes(s.nodes.values(), [
    { stash: "S1", peerId: null, names: ["alice-stash"] },
    { stash: "S2", peerId: "12D3KooWUnmonitored000000000000000000000000000000000", names: [] },
  ]);
  assert.deepEqual(joined.get(1), { stash: "S1", by: "name" });
  assert.deepEqual(joined.get(2), { stash: "S2", by: "peer id" });
  const ambiguous = joinNodes(s.nodes.values(), [
    { stash: "S1", peerId: null, names: ["Alice-Stash"] },
    { stash: "S3", peerId: null, names: ["alice-stash"] },
  ]);
  assert.equal(ambiguous.get(1), null);
  assert.equal(ambiguous.get(2), null);
});
