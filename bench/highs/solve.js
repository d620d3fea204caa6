#!/usr/bin/env node
// solve.js - solve a CPLEX LP file (stagematch --export-model) as a MIP with HiGHS
//
// Usage: node bench/highs/solve.js MODEL.lp [TIME_LIMIT_S]
//
// HiGHS comes from the npm package `highs` (a single-threaded WebAssembly
// build; its Wasm heap cannot grow past 2 GiB). Install it once with
// `npm ci` in bench/highs/. HiGHS's own log goes to stderr; the last line on
// stdout is one machine-readable result line:
//   highs: status=<HiGHS model status> objective=<x|-> bound=<x|-> gap=<x|->
//          nodes=<n|-> read_s=<s> solve_s=<s>
// (all on one line). Exit status 0 when HiGHS ran (whatever the model status),
// 3 when it could not load or solve the model (e.g. out of Wasm memory).
"use strict";
const fs = require("fs");
const path = require("path");

function result(fields) {
  const order = ["status", "objective", "bound", "gap", "nodes", "read_s", "solve_s"];
  const parts = order.map((k) => `${k}=${fields[k] === undefined ? "-" : fields[k]}`);
  process.stdout.write(`highs: ${parts.join(" ")}\n`);
}

function fmt(x) {
  if (x === undefined || x === null) return "-";
  const n = Number(x);
  if (!Number.isFinite(n)) return "-";
  return String(Math.round(n * 1e6) / 1e6);
}

async function main() {
  const file = process.argv[2];
  const limit = process.argv[3] === undefined ? Infinity : Number(process.argv[3]);
  if (!file || !(limit > 0)) {
    process.stderr.write("usage: node solve.js MODEL.lp [TIME_LIMIT_S]\n");
    process.exit(2);
  }
  let loadHighs;
  try {
    loadHighs = require(path.join(__dirname, "node_modules", "highs"));
  } catch (e) {
    process.stderr.write(`solve.js: the npm package highs is not installed (cd ${__dirname} && npm ci): ${e.message}\n`);
    result({ status: "not-installed" });
    process.exit(3);
  }
  const t0 = process.hrtime.bigint();
  const secs = () => Number(process.hrtime.bigint() - t0) / 1e9;
  const text = fs.readFileSync(file, "utf8");
  // HiGHS's log would go to stdout through Emscripten's print: send it to stderr
  const highs = await loadHighs({ print: (s) => process.stderr.write(s + "\n"), printErr: (s) => process.stderr.write(s + "\n") });
  const names = {};
  for (const [k, v] of Object.entries(highs.constants.modelStatus)) names[v] = k;

  let model;
  let tRead = 0;
  try {
    model = highs.createModel({ format: "lp", data: text });
    tRead = secs();
  } catch (e) {
    process.stderr.write(`solve.js: could not load ${file}: ${e && e.message ? e.message : e}\n`);
    result({ status: /memory|OOM|Cannot enlarge/i.test(String(e && (e.message || e))) ? "out-of-memory-loading" : "load-error", read_s: secs().toFixed(2) });
    process.exit(3);
  }
  try {
    const opts = { presolve: "on" };
    if (Number.isFinite(limit)) opts.time_limit = limit;
    model.options.set(opts);
    model.run();
    const code = model.getModelStatus();
    const status = names[code] || `status-${code}`;
    const info = (k) => { try { return model.info.get(k); } catch (e) { return undefined; } };
    const primal = info("primal_solution_status");
    // objective only when there is a feasible solution (primal_solution_status 2)
    const obj = Number(primal) === 2 ? model.getObjectiveValue() : undefined;
    const nodes = info("mip_node_count");
    result({
      status,
      objective: fmt(obj),
      bound: fmt(info("mip_dual_bound")),
      gap: fmt(info("mip_gap")),
      nodes: nodes === undefined ? "-" : String(nodes),
      read_s: tRead.toFixed(2),
      solve_s: (secs() - tRead).toFixed(2),
    });
  } catch (e) {
    const msg = String(e && (e.message || e));
    process.stderr.write(`solve.js: HiGHS failed: ${msg}\n`);
    result({ status: /memory|OOM|Cannot enlarge/i.test(msg) ? "out-of-memory" : "solve-error", read_s: tRead.toFixed(2), solve_s: (secs() - tRead).toFixed(2) });
    process.exit(3);
  } finally {
    try { model.dispose(); } catch (e) { /* already gone */ }
  }
}

main().catch((e) => {
  process.stderr.write(`solve.js: ${e && e.stack ? e.stack : e}\n`);
  result({ status: "error" });
  process.exit(3);
});
