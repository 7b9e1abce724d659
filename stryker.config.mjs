// @ts-check
// Mutation testing of the engine and the file readers and writers: `npm run mutation`
// (scripts/mutation.mjs runs Stryker with this file, then prints and records the score).
// Not part of `npm test`. Test files run with node's own runner through Stryker's TAP runner;
// coverage is per test file, so each mutant runs only the files that reach it; incremental
// results are kept in bench/.cache/ so a second run retests only what changed. See docs/development.md.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  "testRunner": "tap",
  "tap": {
    "testFiles": [
      "test/unit/**/*.test.ts",
      "test/engine/**/*.test.ts",
      "src/**/*.test.ts"
    ],
    "nodeArgs": [
      "--import",
      "tsx",
      "--import",
      "./scripts/mutation-watchdog.mjs",
      "--test-reporter=tap"
    ],
    "forceBail": true
  },
  "mutate": [
    "src/engine/**/*.ts",
    "src/server/files/**/*.ts",
    "!src/server/files/*.worker.ts",
    "!**/*.test.ts",
    "!**/index.ts"
  ],
  "mutator": {
    "excludedMutations": [
      "StringLiteral"
    ]
  },
  "ignorePatterns": [
    "dist",
    "data/runtime",
    "bench/results",
    "bench/.cache",
    "test/e2e",
    "test/integration",
    "docs"
  ],
  "coverageAnalysis": "perTest",
  "ignoreStatic": true,
  "incremental": true,
  "incrementalFile": "bench/.cache/stryker-incremental.json",
  "concurrency": 2,
  "timeoutMS": 5000,
  "timeoutFactor": 1.5,
  "reporters": [
    "clear-text",
    "progress-append-only",
    "json"
  ],
  "jsonReporter": {
    "fileName": "bench/.cache/mutation-report.json"
  },
  "clearTextReporter": {
    "allowColor": false,
    "logTests": false,
    "reportMutants": false,
    "reportScoreTable": true
  },
  "tempDirName": ".stryker-tmp",
  "cleanTempDir": "always",
  "disableTypeChecks": "{src,test}/**/*.{ts,tsx}"
};
