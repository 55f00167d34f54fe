// The fundingarb dashboard: renders each server-sent state document (about one a second) into the page.
// Data only ever enters the page as text nodes and SVG attributes, never as HTML.
"use strict";
(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const COLOURS = ["#1f77b4", "#2ca02c", "#d62728", "#ff7f0e", "#9467bd"];
  let updates = 0;

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined) { e.textContent = String(text); }
    return e;
  }
  function rows(table, list, cells) {
    const body = document.querySelector("#" + table + " tbody");
    body.replaceChildren();
    list.forEach(function (item) { body.appendChild(cells(item)); });
  }
  function row(attrs, values, numeric) {
    const tr = el("tr", attrs);
    values.forEach(function (v, i) { tr.appendChild(el("td", numeric && numeric[i] ? {"class": "num"} : {}, v)); });
    return tr;
  }
  function amounts(map) {
    const keys = Object.keys(map || {});
    return keys.length === 0 ? "0" : keys.map(function (k) { return map[k] + " " + k; }).join(", ");
  }

  function header(s) {
    document.getElementById("title").textContent = s.title;
    document.title = s.title + " dashboard";
    const b = document.getElementById("breaker");
    b.textContent = s.breaker.state;
    b.className = "badge " + s.breaker.state;
    document.getElementById("breaker-reason").textContent = (s.breaker.reason || "")
      + (s.breaker.flattening ? " (flattening)" : "") + (s.breaker.frozen ? " (no orders: unexplained venue positions)" : "")
      + (s.breaker.reconciling ? " (reconciling)" : "");
    document.getElementById("counters").textContent = "engine time " + s.engineTime + " · dashboard up " + s.uptimeS + " s · events "
      + s.events.toLocaleString("en") + " (" + s.eventsPerS.toLocaleString("en") + "/s) · stage errors " + s.stageErrors
      + " · backlog " + s.inboundBacklog + "/" + s.outboundBacklog;
    const t = s.totals || {};
    document.getElementById("totals").textContent = "pairs opened " + (t.opened || 0) + ", closed " + (t.closed || 0)
      + ", failed " + (t.failed || 0) + " · realised " + amounts(t.realised) + " · marked open " + amounts(t.marked)
      + " · fees paid " + amounts(t.fees);
    const off = document.getElementById("actions-off");
    off.hidden = s.actions;
    off.textContent = s.actions ? "" : "Operator buttons are off: this session has no control token (set " + s.tokenEnv + " and restart).";
    document.getElementById("actions").hidden = !s.actions;
  }

  function matrix(s) {
    const head = document.querySelector("#matrix thead");
    const tr = el("tr");
    ["status", "token"].concat(s.venues).concat(["arb pairs"]).forEach(function (h) { tr.appendChild(el("th", {}, h)); });
    head.replaceChildren(tr);
    rows("matrix", s.matrix, function (m) {
      const n = m.on.length;
      const r = el("tr", {"data-token": m.token});
      r.appendChild(el("td", {}, n >= 2 ? "✅" : n === 1 ? "⚠️" : "❌"));
      r.appendChild(el("td", {}, m.token));
      s.venues.forEach(function (v) { r.appendChild(el("td", {}, m.on.indexOf(v) >= 0 ? "✓" : "–")); });
      r.appendChild(el("td", {"class": "num"}, m.pairs));
      return r;
    });
  }

  function pairs(s) {
    rows("top", s.top, function (o) {
      return row({}, [o.rank, o.token, o.long, o.short, o.spreadPctPerHour.toFixed(4), o.netBps.toFixed(1) + "/" + s.horizon],
        [true, false, false, false, true, true]);
    });
    rows("pairs", s.pairs, function (p) {
      const r = row({"data-pair": p.id}, ["#" + p.id, p.token, p.state, p.long + " @ " + p.longPrice, p.short + " @ " + p.shortPrice,
        p.quantity, p.funding, p.fees, p.pnl, p.quote, p.opened], [false, false, false, false, false, true, true, true, true]);
      const td = el("td");
      if (s.actions) {
        const close = el("button", {"type": "button", "class": "close-pair", "data-command": "close " + p.id}, "close");
        td.appendChild(close);
      }
      r.appendChild(td);
      return r;
    });
  }

  function feeds(s) {
    rows("feeds", s.feeds, function (f) {
      const r = row({"data-venue": f.venue}, [f.venue, f.state, f.symbols, f.reconnects, f.resyncs, f.malformed, f.gaps],
        [false, false, true, true, true, true, true]);
      r.children[1].className = f.state;
      return r;
    });
    rows("gateways", s.gateways, function (g) {
      return row({}, [g.venue, g.ordersSent, g.localRejects, g.rateLimited, g.streamReconnects], [false, true, true, true, true]);
    });
  }

  // A line chart of time series (one per quote asset), the same look as the HTML report's.
  function lineChart(id, byQuote, label) {
    const box = document.getElementById(id);
    const W = 600, H = 220, L = 64, R = 10, T = 22, B = 24;
    const names = Object.keys(byQuote);
    let t0 = Infinity, t1 = -Infinity, lo = 0, hi = 0;
    names.forEach(function (q) {
      byQuote[q].forEach(function (p) { t0 = Math.min(t0, p[0]); t1 = Math.max(t1, p[0]); lo = Math.min(lo, p[1]); hi = Math.max(hi, p[1]); });
    });
    const parts = [];
    if (!isFinite(t0)) {
      parts.push(svg("text", {x: L, y: H / 2}, "no data yet"));
      box.replaceChildren.apply(box, parts);
      return;
    }
    if (t1 === t0) { t1 = t0 + 1; }
    if (hi === lo) { hi = lo + 1; }
    const x = function (t) { return L + (t - t0) / (t1 - t0) * (W - L - R); };
    const y = function (v) { return T + (hi - v) / (hi - lo) * (H - T - B); };
    for (let k = 0; k <= 4; k++) {
      const v = lo + (hi - lo) * k / 4;
      parts.push(svg("line", {"class": "grid-line", x1: L, x2: W - R, y1: y(v), y2: y(v)}));
      parts.push(svg("text", {x: L - 4, y: y(v) + 4, "text-anchor": "end"}, v.toPrecision(4)));
    }
    parts.push(svg("line", {"class": "axis", x1: L, x2: W - R, y1: y(0), y2: y(0)}));
    parts.push(svg("text", {x: L, y: H - 6}, new Date(t0).toISOString().slice(0, 16).replace("T", " ")));
    parts.push(svg("text", {x: W - R, y: H - 6, "text-anchor": "end"}, new Date(t1).toISOString().slice(0, 16).replace("T", " ")));
    names.forEach(function (q, n) {
      const points = byQuote[q].map(function (p) { return x(p[0]).toFixed(1) + "," + y(p[1]).toFixed(1); }).join(" ");
      const colour = COLOURS[n % COLOURS.length];
      const last = byQuote[q].length ? byQuote[q][byQuote[q].length - 1][1] : 0;
      const line = svg("polyline", {"data-series": label + "-" + q, "data-points": byQuote[q].length, fill: "none", stroke: colour,
        "stroke-width": "1.6", points: points});
      line.appendChild(svg("title", {}, label + " " + q + " " + last));
      parts.push(line);
      parts.push(svg("text", {x: L + 10 + n * 160, y: T - 8, fill: colour}, "■ " + q + " " + last.toFixed(4)));
    });
    box.replaceChildren.apply(box, parts);
  }

  function latency(s) {
    const l = s.latency;
    document.getElementById("latency-text").textContent = l.count === 0 ? "no market-data tick decided yet"
      : "p50 " + l.p50Us.toFixed(1) + " µs · p99 " + l.p99Us.toFixed(1) + " µs · p99.9 " + l.p999Us.toFixed(1) + " µs · max "
        + l.maxUs.toFixed(0) + " µs · " + l.count.toLocaleString("en") + " ticks";
    const box = document.getElementById("latency-chart");
    const W = 600, H = 200, T = 10, B = 24, L = 10;
    const max = Math.max.apply(null, l.buckets.map(function (b) { return b.count; }).concat([1]));
    const w = (W - 2 * L) / l.buckets.length;
    const parts = [];
    l.buckets.forEach(function (b, i) {
      const h = b.count / max * (H - T - B);
      const bar = svg("rect", {"class": "bar", "data-count": b.count, x: L + i * w + 2, y: H - B - h, width: w - 4, height: h, fill: "#1f77b4"});
      bar.appendChild(svg("title", {}, "≤ " + b.le + ": " + b.count));
      parts.push(bar);
      parts.push(svg("text", {x: L + i * w + w / 2, y: H - 8, "text-anchor": "middle"}, b.le));
    });
    box.replaceChildren.apply(box, parts);
  }

  function render(s) {
    header(s);
    matrix(s);
    pairs(s);
    feeds(s);
    lineChart("equity-chart", s.equity || {}, "equity");
    lineChart("funding-chart", s.funding || {}, "funding");
    latency(s);
    updates++;
    document.body.setAttribute("data-updates", updates);
    document.getElementById("status").textContent = "live · update " + updates + " · " + new Date().toISOString().slice(11, 19) + " UTC";
  }

  function act(command) {
    const result = document.getElementById("action-result");
    const token = document.getElementById("token").value;
    if (!token) {
      result.className = "error";
      result.textContent = "enter the control token first";
      return;
    }
    result.className = "";
    result.textContent = command + "…";
    fetch("operator", {method: "POST", headers: {"Authorization": "Bearer " + token, "Content-Type": "text/plain"}, body: command})
      .then(function (response) {
        return response.text().then(function (text) {
          result.className = response.ok ? "ok" : "error";
          result.setAttribute("data-status", response.status);
          result.textContent = response.status === 401 ? "refused (401): wrong control token" : response.status + ": " + text;
        });
      })
      .catch(function (e) { result.className = "error"; result.textContent = "request failed: " + e; });
  }

  document.addEventListener("click", function (e) {
    const target = e.target;
    if (target instanceof HTMLButtonElement && target.hasAttribute("data-command")) {
      act(target.getAttribute("data-command"));
    }
  });

  const events = new EventSource("events");
  events.onmessage = function (e) {
    try {
      render(JSON.parse(e.data));
    } catch (err) {
      document.getElementById("status").textContent = "bad update: " + err;
    }
  };
  events.addEventListener("end", function (e) {
    events.close();
    document.body.setAttribute("data-ended", "true");
    document.getElementById("status").textContent = e.data + " (the page shows its last state)";
  });
  events.onerror = function () {
    document.getElementById("status").textContent = "disconnected; retrying…";
  };
})();
