// framing report: table paging, filters, sorting and the document view.
// Document data is untrusted: it reaches the page through textContent and createTextNode only.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("data").textContent);
  var KEYS = DATA.doc_keys;
  var DOCS = DATA.docs.map(function (a) {       // arrays in DATA.doc_keys order -> objects
    var d = {};
    for (var k = 0; k < a.length; k++) if (a[k] !== null) d[KEYS[k]] = a[k];
    return d;
  });
  var LABELS = DATA.labels;
  var SYMBOLS = { wire: "\u25cf", state: "\u25a0", partisan: "\u25b2" };
  var PAGE = DATA.page_size || 50;
  var state = { q: "", label: "", outlet: "", lang: "", status: "", cmin: null, cmax: null,
                key: "i", dir: 1, page: 0 };
  var view = DOCS.map(function (d, i) { d.i = i; return d; });

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v, n) { return (v === undefined || v === null) ? "\u2013" : Number(v).toFixed(n === undefined ? 2 : n); }
  function labelClass(lab) { return LABELS.indexOf(lab) >= 0 && SYMBOLS[lab] ? "l-" + lab : "l-other"; }
  function badge(lab) {
    if (!lab) return el("span", "badge none", "no label");
    return el("span", "badge " + labelClass(lab), (SYMBOLS[lab] || "\u25c6") + " " + lab);
  }
  function labelCell(d) {               // the label, and "low confidence" when the row says so
    var f = document.createDocumentFragment();
    f.appendChild(badge(d.l));
    if (d.l && d.lc) {
      var m = el("span", "lowconf", "low confidence");
      m.title = "Labelled, but the top probability is under the model's confidence threshold";
      f.appendChild(m);
    }
    return f;
  }
  // A feature named in plain words; its code name and meaning on hover and in data-feature.
  function featEl(tag, code, title, meaning) {
    var e = el(tag, "feat", title || code);
    e.setAttribute("data-feature", code);
    e.title = code + (meaning ? ": " + meaning : "");
    return e;
  }

  // ---- filters --------------------------------------------------------------------------------
  function fillSelect(sel, values) {
    values.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v;
      sel.appendChild(o);
    });
  }
  function distinct(key) {
    var seen = {}, out = [];
    DOCS.forEach(function (d) {
      var v = d[key] === undefined ? "(none)" : d[key];
      if (!Object.prototype.hasOwnProperty.call(seen, v)) { seen[v] = 1; out.push(v); }
    });
    return out.sort();
  }
  fillSelect($("f-label"), distinct("l"));
  fillSelect($("f-outlet"), distinct("o"));
  fillSelect($("f-lang"), distinct("lang"));
  fillSelect($("f-status"), distinct("s"));

  function matches(d) {
    if (state.label && (d.l === undefined ? "(none)" : d.l) !== state.label) return false;
    if (state.outlet && (d.o === undefined ? "(none)" : d.o) !== state.outlet) return false;
    if (state.lang && (d.lang === undefined ? "(none)" : d.lang) !== state.lang) return false;
    if (state.status && (d.s === undefined ? "(none)" : d.s) !== state.status) return false;
    if (state.cmin !== null && !(d.c >= state.cmin)) return false;
    if (state.cmax !== null && !(d.c <= state.cmax)) return false;
    if (state.q) {
      var hay = (String(d.id) + " " + (d.t || "")).toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    return true;
  }
  function sortKey(d, key) { return key === "t" ? (d.t || String(d.id)).toLowerCase() : d[key]; }
  function compare(a, b) {
    var x = sortKey(a, state.key), y = sortKey(b, state.key);
    var xm = x === undefined || x === null, ym = y === undefined || y === null;
    if (xm || ym) return xm && ym ? a.i - b.i : (xm ? 1 : -1);   // "not measured" sorts last
    if (x < y) return -state.dir;
    if (x > y) return state.dir;
    return a.i - b.i;
  }
  function refilter() {
    view = DOCS.filter(matches);
    view.sort(compare);
    state.page = 0;
    draw();
  }
  function numOrNull(v) { return v === "" ? null : (isNaN(Number(v)) ? null : Number(v)); }
  function readFilters() {
    state.q = $("f-q").value.trim().toLowerCase();
    state.label = $("f-label").value; state.outlet = $("f-outlet").value;
    state.lang = $("f-lang").value; state.status = $("f-status").value;
    state.cmin = numOrNull($("f-cmin").value); state.cmax = numOrNull($("f-cmax").value);
    refilter();
  }
  ["f-q", "f-label", "f-outlet", "f-lang", "f-status", "f-cmin", "f-cmax"].forEach(function (id) {
    $(id).addEventListener("input", readFilters);
  });
  $("filters").addEventListener("reset", function () { setTimeout(readFilters, 0); });
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });

  // ---- table ----------------------------------------------------------------------------------
  var heads = document.querySelectorAll("#doc-table thead th");
  Array.prototype.forEach.call(heads, function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      state.dir = state.key === key ? -state.dir : (key === "c" ? -1 : 1);
      state.key = key;
      view.sort(compare);
      state.page = 0;
      draw();
    });
  });

  function pages() { return Math.max(1, Math.ceil(view.length / PAGE)); }
  function draw() {
    Array.prototype.forEach.call(heads, function (th) {
      var k = th.getAttribute("data-key");
      if (k === state.key) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    });
    var start = state.page * PAGE, rows = view.slice(start, start + PAGE);
    var frag = document.createDocumentFragment();
    rows.forEach(function (d) {
      var tr = el("tr");
      tr.tabIndex = 0;
      tr.setAttribute("data-i", d.i);
      tr.appendChild(el("td", "num", d.i + 1));   // the same number as #doc-N
      var td = el("td", "doc");
      var b = el("button", "linkish", d.t || d.id);
      b.type = "button";
      td.appendChild(b);
      if (d.t) td.appendChild(el("div", "muted", d.id));
      tr.appendChild(td);
      tr.appendChild(el("td", null, d.o || ""));
      tr.appendChild(el("td", null, d.lang || ""));
      var st = el("td"); st.appendChild(el("span", "status s-" + (d.s || "none"), d.s || "")); tr.appendChild(st);
      var lb = el("td"); lb.appendChild(labelCell(d)); tr.appendChild(lb);
      tr.appendChild(el("td", "num", fmt(d.c)));
      frag.appendChild(tr);
    });
    var tbody = document.querySelector("#doc-table tbody");
    tbody.replaceChildren(frag);
    var shown = view.length ? (start + 1) + "\u2013" + (start + rows.length) : "0";
    $("table-status").textContent = view.length + " of " + DOCS.length + " documents match; showing " + shown + ".";
    $("pg-info").textContent = "page " + (state.page + 1) + " of " + pages();
    $("pg-first").disabled = $("pg-prev").disabled = state.page === 0;
    $("pg-last").disabled = $("pg-next").disabled = state.page >= pages() - 1;
    markOverflow();
  }
  function go(p) { state.page = Math.min(Math.max(0, p), pages() - 1); draw(); }
  $("pg-first").addEventListener("click", function () { go(0); });
  $("pg-prev").addEventListener("click", function () { go(state.page - 1); });
  $("pg-next").addEventListener("click", function () { go(state.page + 1); });
  $("pg-last").addEventListener("click", function () { go(pages() - 1); });

  var tbodyEl = document.querySelector("#doc-table tbody");
  tbodyEl.addEventListener("click", function (e) {
    var tr = e.target.closest("tr[data-i]");
    if (tr) openDoc(Number(tr.getAttribute("data-i")));
  });
  tbodyEl.addEventListener("keydown", function (e) {
    var tr = e.target.closest("tr[data-i]");
    if (tr && (e.key === "Enter" || e.key === " ") && e.target === tr) { e.preventDefault(); openDoc(Number(tr.getAttribute("data-i"))); }
  });
  // scatter points and the failures table carry data-i too
  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("svg [data-i], #problem-table [data-i]");
    if (t) openDoc(Number(t.getAttribute("data-i")));
  });

  // ---- document view ----------------------------------------------------------------------------
  function highlighted(text, d) {
    // Cut the text at every span boundary; each piece gets the classes of the spans covering it.
    var spans = [];
    (d.q || []).forEach(function (q) { spans.push({ s: q[0], e: q[1], k: "q", q: q }); });
    (d.lt || []).forEach(function (t) { spans.push({ s: t[0], e: t[1], k: "t", t: t }); });
    (d.cr || []).forEach(function (c) { spans.push({ s: c[0], e: c[1], k: "c", c: c }); });
    (d.rs || []).forEach(function (r) {    // the label's reasons, where the text shows them
      (r[4] || []).forEach(function (sp) { spans.push({ s: sp[0], e: sp[1], k: "w", w: r }); });
    });
    (d.tf || []).forEach(function (f) {    // (rows scored before reasons: weighed n-grams)
      (f[3] || []).forEach(function (sp) { spans.push({ s: sp[0], e: sp[1], k: "s", f: f }); });
    });
    // the readers' voice: an appended comment thread, and the loaded terms in it
    (d.cm || []).forEach(function (c) { spans.push({ s: c[0], e: c[1], k: "m" }); });
    (d.ct || []).forEach(function (t) { spans.push({ s: t[0], e: t[1], k: "r", t: t }); });
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s.s, Math.min(s.e, text.length)); });
    cuts = cuts.filter(function (v, i, a) { return a.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      if (b <= a) continue;
      var piece = text.slice(a, b);
      var cover = spans.filter(function (s) { return s.s <= a && s.e >= b; });
      if (!cover.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var cls = [], tips = [];
      cover.forEach(function (s) {
        if (s.k === "q") {
          cls.push("hl-q", s.q[2] ? "direct" : "reported");
          tips.push((s.q[2] ? "direct" : "reported") + " quote" + (s.q[3] ? " \u2014 " + s.q[3] : "") +
                    (s.q[4] ? " (anonymous source)" : ""));
        } else if (s.k === "t") {
          cls.push("hl-t", s.t[3] ? "own" : "quoted");
          tips.push("loaded term: " + (DATA.category_titles[s.t[2]] || "?") + ", " + (s.t[3] ? "own voice" : "quoted") +
                    (s.t[4] ? " (list entry " + s.t[4] + ")" : ""));
        } else if (s.k === "m") {
          cls.push("hl-cm");
          tips.push("readers' comments appended to the page: not the outlet's voice");
        } else if (s.k === "r") {
          cls.push("hl-t", "comment");
          tips.push("loaded term in a reader comment: " + (DATA.category_titles[s.t[2]] || "?") +
                    " (counted in no voice of the outlet)");
        } else if (s.k === "w") {
          cls.push("hl-s", s.w[3] > 0 ? "towards" : "against");
          tips.push("reason: " + s.w[0] + " (" + s.w[2] + " " + s.w[1] + ")");
        } else if (s.k === "s") {
          var info = DATA.contrib_features[s.f[0]] || ["?", "?"];
          cls.push("hl-s", s.f[2] > 0 ? "towards" : "against");
          tips.push("wording " + info[1] + " weighed " + (s.f[2] > 0 ? "towards" : "against") +
                    " the label (" + (s.f[2] > 0 ? "+" : "") + fmt(s.f[2], 3) + " log-odds)");
        } else {
          cls.push("hl-c");
          tips.push((s.c[3] || "credit") + (s.c[2] ? ": " + s.c[2] : ""));
        }
      });
      cls = cls.filter(function (c, i, a) { return a.indexOf(c) === i; });
      var span = el("span", cls.join(" "), piece);
      span.title = tips.join("\n");
      if (cover.some(function (s) { return s.k === "t"; })) span.setAttribute("data-hl", cover.some(function (s) { return s.k === "t" && s.t[3]; }) ? "own" : "quoted");
      else if (cover.some(function (s) { return s.k === "r"; })) span.setAttribute("data-hl", "comment");
      else if (cover.some(function (s) { return s.k === "m"; })) span.setAttribute("data-hl", "comments");
      frag.appendChild(span);
    }
    return frag;
  }

  function isHttp(u) { return /^https?:\/\/[^\s]+$/i.test(u); }

  function dl(pairs) {
    var d = el("dl", "facts");
    pairs.forEach(function (p) {
      if (p[1] === undefined || p[1] === null || p[1] === "") return;
      if (p[0] instanceof Node) { var dt = el("dt"); dt.appendChild(p[0]); d.appendChild(dt); }
      else d.appendChild(el("dt", null, p[0]));
      var dd = el("dd");
      if (p[1] instanceof Node) dd.appendChild(p[1]); else dd.textContent = String(p[1]);
      d.appendChild(dd);
    });
    return d;
  }

  function openDoc(i) {
    var d = DOCS[i];
    if (!d) return;
    var body = $("dv-body");
    $("dv-title").textContent = d.t || d.id;
    var parts = document.createDocumentFragment();
    var link = null;
    if (d.u) {
      if (isHttp(d.u)) {
        link = el("a", null, d.u);
        link.href = d.u; link.rel = "noopener noreferrer"; link.target = "_blank";
      } else {
        link = el("span", null, d.u + " (not a web address; not linked)");
      }
    }
    var grid = el("div", "dv-grid");
    var left = el("div");
    left.appendChild(dl([["Id", d.id], ["Outlet", d.o], ["Date", d.d], ["Source", d.src], ["Language", d.lang],
                         ["URL", link], ["Status", d.s], ["Model / features", d.m]]));
    grid.appendChild(left);
    var right = el("div");
    right.appendChild(el("h3", null, "Label"));
    var lab = el("p"); lab.appendChild(labelCell(d));
    if (d.c !== undefined) lab.appendChild(document.createTextNode(" confidence " + fmt(d.c)));
    if (d.l && d.lc) right.appendChild(el("p", "note", "Low confidence: the model gave this label, but its top probability is under the confidence threshold. Treat it as a weak lead."));
    right.appendChild(lab);
    LABELS.forEach(function (l, k) {
      var p = d.p ? d.p[k] : null;
      var row = el("div", "prob");
      row.appendChild(el("span", null, (SYMBOLS[l] || "\u25c6") + " p(" + l + ")"));
      var bar = el("div", "bar"), fill = el("div", "fill " + labelClass(l));
      fill.style.width = (p === null || p === undefined ? 0 : Math.max(0, Math.min(1, p)) * 100) + "%";
      bar.appendChild(fill); row.appendChild(bar);
      row.appendChild(el("span", "num", fmt(p)));
      right.appendChild(row);
    });
    grid.appendChild(right);
    parts.appendChild(grid);
    if (d.s && d.s !== "ok") parts.appendChild(el("p", d.s === "error" ? "err" : "note",
      (d.s === "error" ? "Failed: " : "Abstained: ") + (d.r || "no reason recorded")));

    if (d.rs && d.rs.length) {
      parts.appendChild(el("h3", null, "Why " + (d.l ? "\u201c" + d.l + "\u201d" : "this label")));
      var rl = el("ul", "reasons");
      d.rs.forEach(function (r) {
        var li = el("li", r[3] > 0 ? "for" : "against");
        li.appendChild(el("span", "why", r[0]));
        li.appendChild(el("span", "dir " + (r[2] === "towards" ? "towards" : "against"),
                          r[2] + " " + r[1]));
        li.appendChild(el("span", "num", (r[3] > 0 ? "+" : "") + fmt(r[3], 2)));
        if (r[4] && r[4].length) li.appendChild(el("span", "kind", " marked in the text"));
        rl.appendChild(li);
      });
      parts.appendChild(rl);
      parts.appendChild(el("p", "muted note", "Each reason is evidence from this text; the number is how much it moved the label's log-odds (+ for the label, \u2212 against it)."));
    }
    if (!(d.rs && d.rs.length) && d.tf && d.tf.length) {
      parts.appendChild(el("h3", null, "What weighed most" + (d.l ? " (for and against \u201c" + d.l + "\u201d)" : "")));
      var pos = d.tf.filter(function (f) { return f[2] > 0; }).sort(function (a, b) { return b[2] - a[2]; }).slice(0, DATA.each_way);
      var neg = d.tf.filter(function (f) { return f[2] < 0; }).sort(function (a, b) { return a[2] - b[2]; }).slice(0, DATA.each_way);
      var cg = el("div", "dv-grid");
      [["For", pos, "for"], ["Against", neg, "against"]].forEach(function (g) {
        var box = el("div");
        box.appendChild(el("h4", null, g[0] + " the label"));
        var ul = el("ul", "contrib");
        var hdr = el("li", "muted"); hdr.appendChild(el("span", null, "measure or wording")); hdr.appendChild(el("span", "num", "value")); hdr.appendChild(el("span", "num", "weight"));
        ul.appendChild(hdr);
        if (!g[1].length) ul.appendChild(el("li", "muted", "none"));
        g[1].forEach(function (f) {
          var li = el("li", g[2]);
          var info = DATA.contrib_features[f[0]] || ["?", "?", "", 0];
          var name = el("span");
          name.appendChild(featEl("span", info[0], info[1], info[2]));
          if (info[3]) name.appendChild(el("span", "kind", " wording" + (f[3] ? ", marked in the text" : "")));
          li.appendChild(name);
          li.appendChild(el("span", "num", fmt(f[1])));
          li.appendChild(el("span", "num", (f[2] > 0 ? "+" : "") + fmt(f[2], 3)));
          ul.appendChild(li);
        });
        box.appendChild(ul);
        cg.appendChild(box);
      });
      parts.appendChild(cg);
    }
    var feats = el("details");
    feats.appendChild(el("summary", null, "Main measures"));
    feats.appendChild(dl(DATA.features.map(function (f, k) {
      var val = el("span");
      val.appendChild(document.createTextNode(d.f && d.f[k] !== null && d.f[k] !== undefined ? fmt(d.f[k], 3) : "not measured"));
      if (DATA.feature_meanings[k]) val.appendChild(el("span", "muted meaning", " \u2014 " + DATA.feature_meanings[k]));
      return [featEl("span", f, DATA.feature_titles[k], DATA.feature_meanings[k]), val];
    })));
    parts.appendChild(feats);

    parts.appendChild(el("h3", null, "Text"));
    var key = el("p", "key");
    key.appendChild(el("span", "hl-q direct", "direct quote"));
    key.appendChild(el("span", "hl-q reported", "reported speech"));
    key.appendChild(el("span", "hl-t own", "loaded term, own voice"));
    key.appendChild(el("span", "hl-t quoted", "loaded term, quoted"));
    key.appendChild(el("span", "hl-c", "dateline / credit"));
    if (d.cm && d.cm.length) {
      key.appendChild(el("span", "hl-cm", "readers' comments (not the outlet's voice)"));
      if (d.ct && d.ct.length) key.appendChild(el("span", "hl-t comment", "loaded term, reader comment"));
    }
    if ((d.tf || []).some(function (f) { return f[3] && f[3].length; }) ||
        (d.rs || []).some(function (r) { return r[4] && r[4].length; })) {
      key.appendChild(el("span", "hl-s towards", "evidence for the label (its reasons)"));
      key.appendChild(el("span", "hl-s against", "evidence against it"));
    }
    key.appendChild(el("span", "muted", "(hover a highlight for its category)"));
    parts.appendChild(key);
    if (d.x === undefined || d.x === null) {
      parts.appendChild(el("p", "note", "The scores file holds no text for this document."));
    } else {
      if (d.cut) parts.appendChild(el("p", "note", "Showing the first " + d.x.length + " of " + d.cut +
        " characters; the full text is in the scores file."));
      var pre = el("div", "doc-text");
      pre.id = "dv-text";
      pre.appendChild(highlighted(d.x, d));
      if (d.cut) pre.appendChild(el("span", "muted", " [\u2026]"));
      parts.appendChild(pre);
    }
    if ((d.lt && d.lt.length) || (d.ct && d.ct.length)) {
      var tl = el("details");
      var nt = (d.lt || []).length, nc = (d.ct || []).length;
      tl.appendChild(el("summary", null, "Loaded terms in this document (" + nt + ")" +
        (nc ? " and in its readers' comments (" + nc + ")" : "")));
      var ul2 = el("ul");
      (d.lt || []).forEach(function (t) {
        ul2.appendChild(el("li", null, d.x.slice(t[0], t[1]) + " \u2014 " + (DATA.category_titles[t[2]] || "?") + ", " + (t[3] ? "own voice" : "quoted")));
      });
      (d.ct || []).forEach(function (t) {
        ul2.appendChild(el("li", "muted", d.x.slice(t[0], t[1]) + " \u2014 " + (DATA.category_titles[t[2]] || "?") + ", reader comment"));
      });
      tl.appendChild(ul2);
      parts.appendChild(tl);
    }
    if (d.cm && d.cm.length && d.x) {
      var first = d.x.slice(d.cm[0][0], d.cm[0][1]).split("\n")[0];
      if (first.length > 60) first = first.slice(0, first.lastIndexOf(" ", 60) > 20 ? first.lastIndexOf(" ", 60) : 60) + "\u2026";
      parts.appendChild(el("p", "muted", "The text ends with a readers' comment thread (from \u201c" + first +
        "\u201d on): its words are the readers', not the outlet's, and count in neither voice."));
    }
    body.replaceChildren(parts);
    var dlg = $("doc-view");
    if (!dlg.open) { if (dlg.showModal) dlg.showModal(); else dlg.setAttribute("open", ""); }
    dlg.scrollTop = 0;
    setHash("#doc-" + (i + 1));   // 1-based, as the table's # column
  }
  function closeDoc() {
    var dlg = $("doc-view");
    if (dlg.open) dlg.close();
  }
  $("dv-close").addEventListener("click", closeDoc);
  $("doc-view").addEventListener("close", function () {
    if (/^#doc-\d+$/.test(location.hash)) setHash("#documents");
  });
  function setHash(h) {
    try { if (location.hash !== h) history.replaceState(null, "", h); } catch (err) { /* some file: URLs refuse */ }
  }
  function fromHash() {
    var m = /^#doc-(\d+)$/.exec(location.hash);
    if (m && Number(m[1]) >= 1) openDoc(Number(m[1]) - 1);
  }
  window.addEventListener("hashchange", fromHash);
  window.framingReport = { openDoc: openDoc, docs: DOCS.length };

  // ---- two outlets side by side -------------------------------------------------------------------
  var OUTLETS = (DATA.outlets || []).map(function (a) {
    return { name: a[0], docs: a[1], scored: a[2], abstained: a[3], failed: a[4], labels: a[5], low: a[6],
             attribution: a[7], quotes: a[8], named: a[9], anonymous: a[10], official: a[11],
             own: a[12], quoted: a[13], terms: a[14], usable: a[15] };
  });
  function pctOf(k, n) { return n ? Math.round(100 * k / n) + "%" : "\u2013"; }
  function drawCompare() {
    var a = OUTLETS[Number($("cmp-a").value)], b = OUTLETS[Number($("cmp-b").value)];
    if (!a || !b) return;
    var tbody = document.createElement("tbody");
    var head = el("tr"); head.appendChild(el("th", null, ""));
    [a, b].forEach(function (o) { var th = el("th", null, o.name); th.scope = "col"; head.appendChild(th); });
    var thead = document.createElement("thead"); thead.appendChild(head);
    function row(title, fn, feature) {
      var tr = el("tr"), th = el("th"); th.scope = "row";
      if (feature) th.appendChild(featEl("span", feature[0], feature[1], feature[2])); else th.textContent = title;
      tr.appendChild(th);
      [a, b].forEach(function (o) { var td = el("td"); var v = fn(o); if (v instanceof Node) td.appendChild(v); else td.textContent = v; tr.appendChild(td); });
      tbody.appendChild(tr);
    }
    row("Articles", function (o) { return o.docs + " (" + o.scored + " labelled, " + o.abstained + " not labelled" + (o.failed ? ", " + o.failed + " unreadable" : "") + ")"; });
    LABELS.forEach(function (lab, k) {
      row(null, function (o) {
        var f = document.createDocumentFragment(), n = o.labels[k];
        var bar = el("span", "minibar " + labelClass(lab)); bar.style.width = (o.scored ? 80 * n / o.scored : 0) + "px";
        f.appendChild(bar);
        f.appendChild(document.createTextNode(n + " \u00b7 " + pctOf(n, o.scored) + (o.low[k] ? " (" + o.low[k] + " low confidence)" : "")));
        return f;
      }, null);
      var last = tbody.lastChild.firstChild; last.textContent = ""; last.appendChild(badge(lab));
    });
    var fx = DATA.compare_features || {};
    row(null, function (o) { return fmt(o.attribution) + " (median)"; }, fx.attribution);
    row(null, function (o) { return fmt(o.quotes) + " (median)"; }, fx.quotes);
    row("Articles quoting named sources", function (o) { return o.named + " of " + o.usable + " (" + pctOf(o.named, o.usable) + ")"; });
    row("Articles quoting officials", function (o) { return o.official + " of " + o.usable + " (" + pctOf(o.official, o.usable) + ")"; });
    row("Articles citing unnamed sources", function (o) { return o.anonymous + " of " + o.usable + " (" + pctOf(o.anonymous, o.usable) + ")"; });
    row("Own-voice loaded words per 1,000 words", function (o) { return fmt(o.own); });
    row("Most used own-voice loaded words", function (o) {
      return o.terms.length ? o.terms.map(function (t) { return "\u201c" + t[0] + "\u201d \u00d7" + t[1]; }).join(", ") : "none";
    });
    row("Loaded words in quotes per 1,000 words", function (o) { return fmt(o.quoted); });
    $("compare-table").replaceChildren(el("caption", "sr", "Two outlets side by side"), thead, tbody);
    markOverflow();
  }
  if (OUTLETS.length && $("cmp-a")) {
    ["cmp-a", "cmp-b"].forEach(function (id, k) {
      var sel = $(id);
      OUTLETS.forEach(function (o, i) {
        var opt = document.createElement("option"); opt.value = String(i); opt.textContent = o.name + " (" + o.docs + ")";
        sel.appendChild(opt);
      });
      sel.value = String(Math.min(k, OUTLETS.length - 1));
      sel.addEventListener("change", drawCompare);
    });
    drawCompare();
  }

  // ---- sortable tables (every outlet at once) -----------------------------------------------------
  // Cells carry their value in data-v (a number, or text in data-type="text" columns); an empty
  // value ("nothing to count") sorts last in either direction, ties keep the table's order.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var ths = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (r, i) { r.setAttribute("data-order", i); });
    Array.prototype.forEach.call(ths, function (th, col) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var isText = th.getAttribute("data-type") === "text";
        var was = th.getAttribute("aria-sort");
        var dir = was === "descending" ? 1 : was === "ascending" ? -1 : (isText ? 1 : -1);
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        function value(r) {
          var v = r.cells[col] ? r.cells[col].getAttribute("data-v") : null;
          if (v === null || v === "") return null;
          return isText ? v.toLowerCase() : Number(v);
        }
        rows.sort(function (a, b) {
          var x = value(a), y = value(b);
          var order = Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
          if (x === null || y === null) return x === y ? order : (x === null ? 1 : -1);
          if (x < y) return -dir;
          if (x > y) return dir;
          return order;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // ---- wide tables: say that they scroll ----------------------------------------------------------
  function markOverflow() {
    Array.prototype.forEach.call(document.querySelectorAll(".scroll"), function (box) {
      var over = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("overflows", over);
      var note = box.previousElementSibling;
      var has = note && note.classList.contains("scroll-note");
      if (over && !has) box.parentNode.insertBefore(el("p", "scroll-note", "\u2194 This table is wider than the window: scroll it sideways for more columns."), box);
      if (!over && has) note.remove();
    });
  }
  window.addEventListener("resize", markOverflow);

  refilter();
  markOverflow();
  fromHash();
})();
