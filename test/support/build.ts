// One build mechanism for `npm start`, the tests and the benches: scripts/build.ts (content hash of the inputs).
export { buildIsFresh, ensureBuild, inputsHash, repoRoot } from "../../scripts/build";
