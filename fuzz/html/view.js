// SPDX-License-Identifier: GPL-2.0-only
// The finding page: draws the lanes from the JSON that fuzz/report_html.c
// embeds, and sets data-rendered=ok on the body when it finished without an
// exception (the headless-browser ctest reads it).
(function () {
  var body = document.body;
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function kind(line) {
    if (line.fn) return "fn";
    var t = line.text;
    if (/lock|unlock|downgrade/.test(t)) return "lock";
    if (/^(WRITE_ONCE|xchg|READ_ONCE)\((pte|pmd|pud|p4d|pgd) /.test(t)) return "entry";
    if (/^IPI /.test(t)) return "ipi";
    if (/RCU|call_rcu|rcu_/.test(t)) return "rcu";
    return "pt";
  }
  try {
    var d = JSON.parse(document.getElementById("finding-data").textContent);
    var head = el("header");
    head.appendChild(el("h1", "", d.finding ? d.oracle + ": " + d.reason : "no finding"));
    var sub = el("div", "sub");
    sub.appendChild(document.createTextNode(
      (d.finding ? "object: " + d.detail + " \u2014 on cpu" + d.cpu + " at step " + d.step + " \u2014 " : "") +
      d.cpus + " CPUs, switches: " + d.switches + " \u2014 replay: "));
    sub.appendChild(el("code", "", d.replay));
    head.appendChild(sub);
    if (d.stack) head.appendChild(el("div", "sub", "stack: " + d.stack));
    body.appendChild(head);

    var main = el("main");
    var grid = el("div", "grid");
    grid.id = "lanes";
    grid.style.gridTemplateColumns = "4em repeat(" + d.cpus + ", minmax(9em, 1fr)) 14em";
    grid.appendChild(el("div", "head step", "step"));
    for (var c = 0; c < d.cpus; c++) {
      var h = el("div", "head lane-head", "cpu" + c);
      h.dataset.cpu = c;
      grid.appendChild(h);
    }
    grid.appendChild(el("div", "head life-head", d.object ? "life of " + d.object : "object"));

    // Life events sit after the trace row they followed (row -1: before
    // the first row kept); the object is alive from its allocation's row
    // and freed from its free's.
    var alloc = null, freed = null;
    d.life.forEach(function (e) {
      if (alloc === null && /^allocated/.test(e.text)) alloc = e.row;
      if (freed === null && /^freed/.test(e.text)) freed = e.row;
    });
    var lifeAt = 0, lastFn = [];
    var panel = el("aside");
    var info = el("div");
    info.appendChild(el("h2", "", "Step details"));
    info.appendChild(el("div", "", "Hover or click an event."));
    panel.appendChild(info);
    function show(line, fnNow) {
      info.textContent = "";
      info.appendChild(el("h2", "", "step " + line.step + ", cpu" + line.cpu));
      if (line.fn) {
        info.appendChild(el("div", "", "kernel function: " + line.fn));
        info.appendChild(el("div", "", "argument: " + line.arg));
      } else {
        info.appendChild(el("div", "", "event: " + line.text));
        info.appendChild(el("div", "", "inside: " + (fnNow || "(before any traced function)")));
      }
    }
    d.trace.forEach(function (line, i) {
      var fatal = d.finding && line.fires;
      var inStep = d.finding && line.step === d.step && line.cpu === d.cpu;
      var stepCell = el("div", "step" + (fatal ? " fatal" : inStep ? " fatal-step" : ""),
                        String(line.step));
      grid.appendChild(stepCell);
      var fnNow = lastFn[line.cpu];
      if (line.fn) lastFn[line.cpu] = line.fn;
      for (var c = 0; c < d.cpus; c++) {
        if (c !== line.cpu) { grid.appendChild(el("div", "lane")); continue; }
        var cell = el("div", "lane ev " + kind(line) + (fatal ? " fatal" : inStep ? " fatal-step" : ""),
                      line.text);
        cell.title = line.fn ? line.fn + "(" + line.arg + ")" : line.text + (fnNow ? "  [in " + fnNow + "]" : "");
        cell.dataset.step = line.step;
        (function (l, f, cellEl) {
          cellEl.addEventListener("mouseenter", function () { show(l, f); });
          cellEl.addEventListener("click", function () {
            var s = grid.querySelector(".sel");
            if (s) s.classList.remove("sel");
            cellEl.classList.add("sel");
            show(l, f);
          });
        })(line, fnNow, cell);
        grid.appendChild(cell);
      }
      var state = "";
      if (d.object) {
        if (freed !== null && i > freed) state = " freed";
        else if (alloc === null || i > alloc) state = " alive";
      }
      var lc = el("div", "life" + state);
      var marks = [];
      while (lifeAt < d.life.length && d.life[lifeAt].row <= i) {
        marks.push("cpu" + d.life[lifeAt].cpu + ": " + d.life[lifeAt].text);
        lifeAt++;
      }
      if (fatal) {
        marks.push("the oracle fires: still in use");
        lc.className += " fatal fatal-mark";
      }
      marks.forEach(function (m) { lc.appendChild(el("span", "mark", m)); });
      if (marks.length) lc.title = marks.join("\n");
      grid.appendChild(lc);
    });
    main.appendChild(grid);

    if (d.life.length) {
      panel.appendChild(el("h2", "", "Life of " + d.object));
      panel.appendChild(el("pre", "", d.life.map(function (e) {
        return "step " + e.step + " cpu" + e.cpu + ": " + e.text;
      }).join("\n")));
    }
    panel.appendChild(el("h2", "", "Program"));
    panel.appendChild(el("pre", "", d.program));
    var lg = el("div", "legend");
    [["#3b9c4a", "object alive"], ["#d33", "object freed"], ["#ffc9c9", "the oracle fires"], ["#fff0f0", "its step"]].forEach(function (x) {
      var s = el("span"), sw = el("span", "sw");
      sw.style.background = x[0];
      s.appendChild(sw);
      s.appendChild(document.createTextNode(x[1]));
      lg.appendChild(s);
    });
    panel.appendChild(lg);
    main.appendChild(panel);
    body.appendChild(main);
    var first = grid.querySelector(".ev.fatal");
    if (first) {
      first.id = "fatal";
      var jump = el("a", "", "jump to the fatal step");
      jump.href = "#fatal";
      head.appendChild(jump);
    }
    body.dataset.lanes = String(d.cpus);
    body.dataset.fatal = String(grid.querySelectorAll(".ev.fatal").length);
    body.dataset.rendered = "ok";
  } catch (e) {
    body.dataset.rendered = "error";
    body.dataset.error = String(e && e.stack || e);
    body.appendChild(el("pre", "", "tlbfuzz report view failed: " + e));
  }
})();
