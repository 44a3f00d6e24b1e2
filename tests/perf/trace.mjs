// What the page benchmarks (page_bench.mjs, floors.mjs) read from a Chromium trace.

/** A trace that does not hold what the figure needs (a sanity failure, not a crash). */
export class TraceError extends Error {}

/**
 * The page's main-thread work from a Chromium trace (categories devtools.timeline and
 * toplevel): the top-level tasks (RunTask) on CrRendererMain of the renderer that
 * committed `url`, nested tasks counted once. Returns their thread CPU time and wall
 * time (ms). Throws TraceError when the trace has no such thread or no task on it.
 * @param {Buffer} buf the trace as Playwright's browser.stopTracing() returns it
 * @param {string} url the page's URL, as the trace's CommitLoad event names it
 * @returns {{traceCpuMs: number, traceWallMs: number}}
 */
export function mainThread(buf, url) {
  const json = JSON.parse(buf.toString());
  const events = Array.isArray(json) ? json : json.traceEvents;
  const commit = events.find((e) => e.name === 'CommitLoad' && e.args?.data?.url === url &&
    e.args.data.isMainFrame !== false);
  const pid = commit?.pid;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid &&
    e.args?.name === 'CrRendererMain');
  if (!thread) throw new TraceError(`trace: no renderer main thread for ${url}`);
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === thread.tid &&
    (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')).sort((a, b) => a.ts - b.ts);
  if (!tasks.length) throw new TraceError(`trace: no tasks on the renderer main thread for ${url}`);
  let cpu = 0; let wall = 0; let end = -Infinity;
  for (const t of tasks) {
    if (t.ts < end) continue;  // nested in the previous top-level task
    end = t.ts + t.dur;
    wall += t.dur;
    cpu += t.tdur ?? t.dur;
  }
  return { traceCpuMs: cpu / 1000, traceWallMs: wall / 1000 };
}
