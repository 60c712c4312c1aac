// Writes the chain's metadata to `.papi/metadata/stacktical.scale`, from which `npm ci`
// (`papi generate`) makes the UI's typed API. It is read from a dev node (built by the test
// tier) rather than from the bare runtime, so that constants read from genesis state (the
// parachain id in `SelfParaId` and `UniversalLocation`) are the chain's own. Run through
// `scripts/chain-specs.sh` after a runtime change; the UI's tests fail while it is stale.

import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rpc, startNode } from "../test/support/node.ts";

export const METADATA_FILE = fileURLToPath(new URL("../.papi/metadata/stacktical.scale", import.meta.url));
export const METADATA_VERSION = 16;

/** The runtime's metadata (the bytes `Metadata_metadata_at_version` wraps), from a node's RPC. */
export async function liveMetadata(node: { httpUrl: string }, version = METADATA_VERSION): Promise<Buffer> {
  const arg = `0x${Buffer.from(new Uint32Array([version]).buffer).toString("hex")}`;
  const answer = Buffer.from((await rpc<string>(node, "state_call", ["Metadata_metadata_at_version", arg])).slice(2), "hex");
  if (answer[0] !== 1) throw new Error(`the runtime has no metadata version ${version}`);
  // Option::Some, then a compact length: its two low bits say how many bytes it takes.
  const mode = answer[1]! & 3;
  const lengthBytes = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 1 + (answer[1]! >> 2) + 4;
  return answer.subarray(1 + lengthBytes);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const node = await startNode();
  try {
    writeFileSync(METADATA_FILE, await liveMetadata(node));
    console.log(`wrote ${METADATA_FILE}`);
  } finally {
    await node.stop();
  }
}
