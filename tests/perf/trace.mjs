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
  const { tasks } = topLevel(buf, url);
  let cpu = 0; let wall = 0;
  for (const t of tasks) {
    wall += t.dur;
    cpu += t.tdur ?? t.dur;
  }
  return { traceCpuMs: cpu / 1000, traceWallMs: wall / 1000 };
}

/**
 * The long tasks (over 50 ms of wall time, as the Long Tasks API counts them) on the same
 * thread, from the one that committed the page on, each taken apart: where its time went, and
 * whether it ran any script. A task can be long while its thread waits (a synchronous
 * call to the browser process, such as a font lookup during layout), so wall time and
 * CPU time part there.
 * @param {Buffer} buf the trace, as for mainThread()
 * @param {string} url the page's URL, as for mainThread()
 * @returns {{atMs: number, wallMs: number, cpuMs: number, layoutWallMs: number,
 *   layoutCpuMs: number, fontRequests: number, script: boolean, scripts: string[],
 *   frame: boolean, commit: boolean}[]} atMs the task's start, from the commit; layout*
 *   the task's style and layout work (wall and thread time); fontRequests the font
 *   service messages the browser process received meanwhile; script whether it
 *   evaluated or called any script, scripts the file names of those that name one
 *   (an inline script names none); frame whether it is a rendering update (BeginMainFrame); commit
 *   whether it is the task that committed the page (the new document, its window)
 */
export function longTasks(buf, url) {
  const { events, commit, tasks, own } = topLevel(buf, url);
  const browserPid = events.find((e) => e.ph === 'M' && e.name === 'process_name' && e.args?.name === 'Browser')?.pid;
  const out = [];
  for (const t of tasks) {
    if (t.ts + t.dur < commit.ts || t.dur <= 50000) continue;
    const inside = own.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    let layoutWall = 0; let layoutCpu = 0;
    for (const l of outermost(inside.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree'))) {
      layoutWall += l.dur;
      layoutCpu += l.tdur ?? l.dur;
    }
    const ran = inside.filter((e) => ['EvaluateScript', 'v8.compileModule', 'v8.evaluateModule', 'FunctionCall'].includes(e.name));
    out.push({
      atMs: (t.ts - commit.ts) / 1000, wallMs: t.dur / 1000, cpuMs: (t.tdur ?? t.dur) / 1000,
      layoutWallMs: layoutWall / 1000, layoutCpuMs: layoutCpu / 1000,
      fontRequests: events.filter((e) => e.pid === browserPid && e.ts >= t.ts && e.ts <= t.ts + t.dur && e.name === 'Receive mojo message' &&
        /font/i.test(e.args?.chrome_mojo_event_info?.mojo_interface_tag ?? '')).length,
      script: ran.length > 0,
      scripts: [...new Set(ran.map((e) => (e.args?.data?.url ?? e.args?.fileName ?? '').split('/').pop()).filter(Boolean))],
      frame: t.args?.src_func === 'ScheduledActionSendBeginMainFrame',
      commit: t.ts <= commit.ts,
    });
  }
  return out;
}

// The events none of the others encloses, in order (of two that start together the
// longer, the enclosing one, comes first).
function outermost(list) {
  const out = [];
  let end = -Infinity;
  for (const e of [...list].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
    if (e.ts < end) continue;
    end = e.ts + e.dur;
    out.push(e);
  }
  return out;
}

// The trace's events, the page's commit, the top-level tasks on its renderer's main
// thread (nested tasks counted once), in order, and every complete event of that thread.
// Kept per trace and page, so that mainThread() and longTasks() parse a trace once.
const read = new WeakMap();
function topLevel(buf, url) {
  const kept = read.get(buf);
  if (kept?.url === url) return kept.found;
  const found = parse(buf, url);
  read.set(buf, { url, found });
  return found;
}

function parse(buf, url) {
  const json = JSON.parse(buf.toString());
  const events = Array.isArray(json) ? json : json.traceEvents;
  const commit = events.find((e) => e.name === 'CommitLoad' && e.args?.data?.url === url &&
    e.args.data.isMainFrame !== false);
  const pid = commit?.pid;
  const thread = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid &&
    e.args?.name === 'CrRendererMain');
  if (!thread) throw new TraceError(`trace: no renderer main thread for ${url}`);
  const own = events.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === thread.tid);
  const tasks = outermost(own.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'));
  if (!tasks.length) throw new TraceError(`trace: no tasks on the renderer main thread for ${url}`);
  return { events, commit, tasks, own };
}
