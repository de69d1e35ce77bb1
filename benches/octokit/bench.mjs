// octokit.js in the shaped-link benchmark: `node bench.mjs MODE PORT AMOUNT` does one job
// against the loopback server (benches/src/shaped.rs) and prints `seconds peak_rss_kib count`,
// as the Rust children do. Modes: `list` (every run, following `Link`), `poll` (get one run
// AMOUNT times), `download` (the artifact through its 302, to a file), and `fanout` (against
// benches/src/fanout.rs: the latest run of AMOUNT repositories and a dispatch after every
// tenth, 200 at a time, through @octokit/plugin-throttling; the count is the calls that
// succeeded).
import { Octokit } from "@octokit/rest";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const [mode, port, amount] = process.argv.slice(2);
const octokit = new Octokit({ baseUrl: `http://127.0.0.1:${port}` });
const start = process.hrtime.bigint();
let count = 0;
if (mode === "list") {
  const pages = octokit.paginate.iterator(octokit.rest.actions.listWorkflowRunsForRepo, {
    owner: "o",
    repo: "r",
    per_page: 100,
  });
  for await (const { data } of pages) {
    count += data.length;
  }
} else if (mode === "poll") {
  for (let i = 0; i < Number(amount); i++) {
    await octokit.rest.actions.getWorkflowRun({ owner: "o", repo: "r", run_id: 1 });
    count += 1;
  }
} else if (mode === "download") {
  // By default octokit's request follows the 302 and buffers the whole archive: ask for the
  // redirect instead, then stream the file with fetch.
  const redirect = await octokit.rest.actions.downloadArtifact({
    owner: "o",
    repo: "r",
    artifact_id: 1,
    archive_format: "zip",
    request: { redirect: "manual" },
  });
  const response = await fetch(redirect.headers.location);
  const path = join(tmpdir(), `benches-download-octokit-${process.pid}.bin`);
  const file = createWriteStream(path);
  const body = Readable.fromWeb(response.body);
  body.on("data", (chunk) => (count += chunk.length));
  await pipeline(body, file);
  await rm(path);
} else if (mode === "fanout") {
  // The fan-out server runs GitHub's clock 10× faster: the plugin's write group (one at a
  // time, 1000 ms apart) is scaled the same way, as the Rust client's policy is.
  const SCALE = 10;
  const retry = (retryAfter, options, octokit, retryCount) => retryCount < 3;
  const Throttled = Octokit.plugin(throttling);
  const throttled = new Throttled({
    baseUrl: `http://127.0.0.1:${port}`,
    auth: "t",
    throttle: {
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: 1000 / SCALE }),
      onRateLimit: retry,
      onSecondaryRateLimit: retry,
    },
  });
  const repos = Number(amount);
  const calls = repos + Math.floor(repos / 10);
  let next = 0;
  // 200 at a time, as `buffer_unordered(200)`.
  const worker = async () => {
    while (next < calls) {
      const call = next++;
      const repo = `r${Math.floor(call / 11)}`;
      try {
        if (call % 11 === 10) {
          await throttled.rest.actions.createWorkflowDispatch({
            owner: "o",
            repo,
            workflow_id: "ci.yml",
            ref: "main",
          });
        } else {
          await throttled.rest.actions.listWorkflowRunsForRepo({ owner: "o", repo, per_page: 1 });
        }
        count += 1;
      } catch {
        // A call that failed for good: counted by what is missing.
      }
    }
  };
  await Promise.all(Array.from({ length: 200 }, worker));
} else {
  throw new Error(`unknown mode ${mode}`);
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const rssKib = Math.round(process.resourceUsage().maxRSS);
console.log(`${seconds} ${rssKib} ${count}`);
