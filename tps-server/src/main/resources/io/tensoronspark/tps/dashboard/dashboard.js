"use strict";
// Polls /v1/status and /v1/progress (the session cookie authorizes both) and draws them with uPlot.
// Every text from the server goes through textContent, never innerHTML.
(function () {
  const POLL_MILLIS = 1000;
  const MAX_POINTS = 20000;
  const state = {
    polls: 0,
    cursor: 0,
    status: null,
    progress: null,
    data: {
      loss: [[], []],
      rate: [[], []],
      workers: [[], []],
      staleness: [[], []],
      bytes: [[], [], []],
    },
    charts: {},
  };
  window.tpsDashboard = state;

  function setText(id, value) {
    document.getElementById(id).textContent = String(value);
  }

  const bars = uPlot.paths.bars({ size: [0.6, 60] });

  function makeChart(key, title, series, xTime, barChart) {
    const opts = {
      title: title,
      width: 400,
      height: 230,
      scales: { x: { time: xTime } },
      series: [{ label: xTime ? "time" : series[0] }].concat(
        series.slice(1).map(function (s, i) {
          return {
            label: s,
            stroke: ["#1f77b4", "#d62728"][i % 2],
            fill: barChart ? "rgba(31,119,180,0.5)" : undefined,
            paths: barChart ? bars : undefined,
            points: { show: !barChart },
          };
        })
      ),
    };
    if (barChart) {
      opts.axes = [{ incrs: [1] }, {}];
      opts.scales.x.range = function (u, min, max) {
        return [min - 0.5, max + 0.5];
      };
      opts.scales.y = { range: function (u, min, max) { return [0, Math.max(1, max)]; } };
    }
    state.charts[key] = new uPlot(opts, state.data[key], document.getElementById("chart-" + key));
  }

  makeChart("loss", "Loss per push", ["time", "mean loss"], true, false);
  makeChart("rate", "Samples per second", ["time", "samples/s"], true, false);
  makeChart("workers", "Pushes per worker", ["worker", "pushes"], false, true);
  makeChart("staleness", "Staleness histogram (bucket: 0, 1, 2, 3-4, 5-8, ...)", ["bucket", "pushes"], false, true);
  makeChart("bytes", "Bytes in / out (MB)", ["time", "in MB", "out MB"], true, false);

  function trim(columns) {
    while (columns[0].length > MAX_POINTS) {
      columns.forEach(function (c) { c.shift(); });
    }
  }

  async function getJson(path) {
    const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) {
      throw new Error(path + ": HTTP " + response.status + " " + (await response.text()));
    }
    return response.json();
  }

  function update(status, progress) {
    const d = state.data;
    const now = Date.now() / 1000;
    progress.records.forEach(function (r) {
      if (r.samples > 0) {
        d.loss[0].push(r.timeMillis / 1000);
        d.loss[1].push(r.lossSum / r.samples);
      }
    });
    trim(d.loss);
    if (state.progress !== null) {
      const seconds = now - state.progressTime;
      if (seconds > 0) {
        d.rate[0].push(now);
        d.rate[1].push((progress.totals.samples - state.progress.totals.samples) / seconds);
        trim(d.rate);
      }
    }
    const byWorker = status.stats.pushesByWorker;
    const ids = Object.keys(byWorker).map(Number).sort(function (a, b) { return a - b; });
    d.workers = [ids, ids.map(function (id) { return byWorker[id]; })];
    d.staleness = [
      progress.stalenessBuckets.map(function (label, i) { return i; }),
      progress.totals.stalenessHistogram.slice(),
    ];
    d.bytes[0].push(now);
    d.bytes[1].push(status.stats.bytesIn / 1e6);
    d.bytes[2].push(status.stats.bytesOut / 1e6);
    trim(d.bytes);
    Object.keys(state.charts).forEach(function (key) { state.charts[key].setData(d[key]); });

    setText("version", status.version);
    setText("combiner", status.combiner);
    setText("workers", status.workerCount);
    setText("samples", progress.totals.samples);
    setText("pushesApplied", status.stats.pushesApplied);
    setText("pushesDuplicate", status.stats.pushesDuplicate);
    setText("pushesRejected", status.stats.pushesRejected);
    setText("params", status.params.map(function (p) { return p.name + " [" + p.shape.join(", ") + "]"; }).join("; "));
    setText("updated", new Date().toLocaleTimeString());
    state.cursor = progress.recorded;
    state.status = status;
    state.progress = progress;
    state.progressTime = now;
  }

  async function poll() {
    try {
      const results = await Promise.all([
        getJson("/v1/status"),
        getJson("/v1/progress?since=" + state.cursor),
      ]);
      update(results[0], results[1]);
      state.polls++;
      setText("error", "");
    } catch (e) {
      setText("error", e.message);
    }
    setTimeout(poll, POLL_MILLIS);
  }
  poll();
})();
