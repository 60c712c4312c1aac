// A telemetry feed as a core (feed version 33) sends it to a browser that subscribed to one
// chain: every action the protocol has, in batched frames, and the cases a client meets in
// the wild (an action it does not know, a malformed payload). The unit tests fold it; the
// browser test serves it from a WebSocket server on loopback.

export const GENESIS = "0x1111111111111111111111111111111111111111111111111111111111111111";
export const VALIDATOR_PEER = "12D3KooWStackticalDevValidatorPeer00000000000000000000";

const hash = (n: number) => `0x${n.toString(16).padStart(64, "0")}`;
const block = (height: number, blockTimeMs: number, propagation: number | null) => [height, hash(height), blockTimeMs, 1_700_000_000_000 + height * 6000, propagation];

function node(id: number, name: string, peerId: string | null, height: number) {
  return [
    id,
    [name, "Stacktical Node", "0.1.0-dev", null, peerId, "linux", "x86_64", "gnu", null, null, null],
    [7, 0],
    [[]],
    [[], [], []],
    block(height, 6000, 12),
    [52.37, 4.89, "Amsterdam"],
    "1700000000000",
  ];
}

/** Frames in the order the core sends them. */
export function feedFrames(validatorName: string): string[] {
  return [
    // Connect: version, the chains, then (after `subscribe:`) the chain's state.
    JSON.stringify([0, 33, 11, ["Stacktical Dev", GENESIS, 3], 11, ["Other", hash(9), 1], 10, 1_700_000_000_000]),
    JSON.stringify([
      13, GENESIS,
      1, [120, 1_700_000_720_000, 6000],
      2, [118, hash(118)],
      3, node(1, validatorName, VALIDATOR_PEER, 120),
      3, node(2, "unmonitored-full-node", "12D3KooWUnmonitored000000000000000000000000000000000", 119),
      3, node(3, "soon-gone", null, 100),
      22, { version: { list: [], other: 0, unknown: 0 } },
    ]),
    // Live updates, batched.
    JSON.stringify([
      6, [1, block(121, 6000, 15)],
      7, [1, 119, hash(119)],
      8, [2, [12, 3]],
      5, [2, 48.85, 2.35, "Paris"],
      9, [1, [[1.0], [2.0], [3.0]]],
      21, [1, [[1.5]]],
    ]),
    JSON.stringify([20, 2, 4, 3, 99, ["from a newer core"], 15, "7", 12, hash(9), 23, { network_node: null }]),
    // A malformed payload: the rest of the frame still applies.
    JSON.stringify([8, ["not-an-id", [1, 2]], 6, [1, block(122, 6000, null)]]),
  ];
}

/** A core that speaks another protocol version. */
export const MISMATCH_FRAME = JSON.stringify([0, 32, 11, ["Stacktical Dev", GENESIS, 1]]);
