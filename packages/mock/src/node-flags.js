// V8 heap sizing of the mock's server process (the CLI's shebang and `npm start` pass these flags).
// The mock's live heap is small (about 25 MiB: compiled validators and prepared answers), but under load
// Node's defaults let the young generation grow to 2 × 16 MiB and the old generation fill with promoted
// request garbage up to ~3× the live set before collecting, so RSS swings between 130 and 180 MiB
// without a leak. A 2 MiB semi-space and an old generation that at most doubles between collections
// keep it near 110 MiB for about 10 % more CPU per request; bench/soak.mjs measures both side by side.
export const MOCK_NODE_FLAGS = Object.freeze(['--max-semi-space-size=2', '--heap-growing-percent=100']);
