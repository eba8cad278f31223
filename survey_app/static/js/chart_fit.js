/* Fitting a drawn chart to its screen: a title, an axis title, a row or tick label, or a note
 * wider than the chart or drawn over its neighbour is broken between words, levelled, thinned
 * or turned, instead of being cut off at the chart's edge (a long French or German label on a
 * phone). Used by charts.js after each drawing: window.chartFit.fit(node, data, layout) says
 * whether it changed the figure (then it is drawn again and fitted again). */
(function () {
  "use strict";

  var MIN_TICK_SIZE = 9;  // px: the smallest label still read on a phone
  var MIN_NOTE_SIZE = 8;  // px: a note beside another (a hidden column's reason) may be smaller
  var TICK_GAP = 4;  // px: closer than this, two tick labels run into one

  /* What a label shows, its lines run together as the SVG's textContent has them. */
  function shown(text) {
    return new DOMParser().parseFromString(String(text), "text/html").body.textContent;
  }

  function plain(text) {
    return shown(String(text).replace(/<br>/g, " "));
  }

  /* ``text`` broken between words (or after a word's hyphen: "Verkaufschancen-Management")
   * so that no line is longer than ``chars`` characters. */
  function wrap(text, chars) {
    var pieces = [];  // [glue before it, piece]
    String(text).replace(/<br>/g, " ").split(" ").forEach(function (word) {
      word.replace(/(\p{L}-)(?=\p{L})/gu, "$1\u0000").split("\u0000").forEach(function (part, i) {
        pieces.push([i === 0 ? " " : "", part]);
      });
    });
    var lines = [];
    var line = "";
    pieces.forEach(function (piece) {
      var longer = line ? line + piece[0] + piece[1] : piece[1];
      if (line && plain(longer).length > chars) {
        lines.push(line);
        line = piece[1];
      } else {
        line = longer;
      }
    });
    lines.push(line);
    return lines.join("<br>");
  }

  /* ``text`` with each of its lines broken to ``chars``: a label's own line breaks stay
   * (a heatmap column's "n = 22" keeps its line). */
  function wrapLines(text, chars) {
    return String(text).split("<br>").map(function (line) { return wrap(line, chars); }).join("<br>");
  }

  /* ``text`` broken to ``chars`` a line, or to as few more as keep it within ``lines`` lines. */
  function shortLines(text, chars, lines) {
    if (typeof text !== "string") { return text; }
    var wrapped = wrap(text, chars);
    while (wrapped.split("<br>").length > lines && chars < plain(text).length) {
      chars += 2;
      wrapped = wrap(text, chars);
    }
    return wrapped;
  }

  /* How many characters a line of ``el`` may hold to be ``room`` px wide. */
  function allowed(el, text, room) {
    var longest = Math.max.apply(null, String(text).split("<br>").map(function (line) {
      return plain(line).length;
    }));
    var width = el.getBoundingClientRect().width;
    return Math.max(8, Math.floor(longest * room / width) - 1);
  }

  /* The layout's axis for a title's class: "xtitle" -> xaxis, "y2title" -> yaxis2. */
  function axisOf(layout, el) {
    var match = /(^|\s)([xy])(\d*)title(\s|$)/.exec(el.getAttribute("class") || "");
    return match ? layout[match[2] + "axis" + match[3]] : null;
  }

  /* One pass over a drawn chart: true when the figure was changed and must be drawn again. */
  function fit(node, data, layout) {
    var svg = node.querySelector("svg.main-svg");
    if (!svg) { return false; }
    var edge = svg.getBoundingClientRect();
    var changed = false;
    var title = node.querySelector("text.gtitle");
    if (title && layout.title && layout.title.text &&
        title.getBoundingClientRect().right > edge.right + 1) {
      var room = edge.right - 4 - title.getBoundingClientRect().left;
      layout.title.text = wrap(layout.title.text, allowed(title, layout.title.text, room));
      changed = true;
    }
    node.querySelectorAll("g.infolayer text").forEach(function (el) {
      var axis = axisOf(layout, el);
      var box = el.getBoundingClientRect();
      if (!axis || !axis.title || !axis.title.text || box.height > box.width) { return; }
      if (box.left >= edge.left - 1 && box.right <= edge.right + 1) { return; }
      var middle = (box.left + box.right) / 2;
      var half = Math.min(middle - edge.left, edge.right - middle) - 2;
      axis.title.text = wrap(axis.title.text, allowed(el, axis.title.text, 2 * half));
      changed = true;
    });
    // Row labels of horizontal bars, cut at the left edge: the label is the category itself,
    // so every trace's copy of it is broken the same way (the hover shows the two lines).
    var rows = {};
    node.querySelectorAll("g.yaxislayer-above text").forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.left < edge.left - 1) { rows[el.textContent] = { el: el, room: box.right - edge.left - 4 }; }
    });
    if (Object.keys(rows).length) {
      var rewrap = function (label) {
        var row = typeof label === "string" && rows[shown(label.replace(/<br>/g, ""))];
        return row ? wrap(label, allowed(row.el, label, row.room)) : label;
      };
      data.forEach(function (trace) {
        if (Array.isArray(trace.y)) { trace.y = trace.y.map(rewrap); }
      });
      // An axis that orders its categories names them too: the old names would stay as rows.
      Object.keys(layout).forEach(function (name) {
        var axis = layout[name];
        if (/^yaxis\d*$/.test(name) && axis && Array.isArray(axis.categoryarray)) {
          axis.categoryarray = axis.categoryarray.map(rewrap);
        }
      });
      changed = true;
    }
    var ticks = fitTicks(node, data, layout);
    var notes = fitNotes(node, edge, layout);
    return ticks || notes || changed;
  }

  /* Whether two boxes meet, or come closer than ``gap`` px side by side. */
  function overlap(a, b, gap) {
    return Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 - (gap || 0) &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  }

  /* The x tick labels of each subplot, by the layout's axis name ("xaxis", "xaxis2"). */
  function xTicks(node) {
    var axes = {};
    node.querySelectorAll("g.cartesianlayer g.subplot").forEach(function (subplot) {
      var match = /(^|\s)x(\d*)y\d*(\s|$)/.exec(subplot.getAttribute("class") || "");
      if (!match) { return; }
      var name = "xaxis" + match[2];
      // Plotly names a tick's group by its axis: "xtick", "x2tick".
      subplot.querySelectorAll("g.xaxislayer-above text").forEach(function (el) {
        if (!el.textContent.trim()) { return; }
        (axes[name] = axes[name] || []).push({ el: el, box: el.getBoundingClientRect() });
      });
    });
    return axes;
  }

  /* Tick labels drawn over each other (the angled names of a phone's narrow bar chart, the
   * dates of side-by-side small multiples): names are broken to their slot and set level, a
   * numeric axis keeps every other tick, and small multiples keep their dates under the first
   * column only (the panels share one time axis). */
  function fitTicks(node, data, layout) {
    var axes = xTicks(node);
    var names = Object.keys(axes);
    var crowded = {};
    var crossed = {};
    names.forEach(function (a, i) {
      names.slice(i).forEach(function (b) {
        axes[a].forEach(function (ta, j) {
          axes[b].forEach(function (tb, k) {
            if ((a !== b || k > j) && overlap(ta.box, tb.box, a === b ? TICK_GAP : 0)) {
              if (a === b) { crowded[a] = true; } else { crossed[a] = crossed[b] = true; }
            }
          });
        });
      });
    });
    var changed = false;
    Object.keys(crowded).forEach(function (name) {
      layout[name] = layout[name] || {};
      changed = levelTicks(axes[name], name, data, layout) || changed;
    });
    var firstColumn = Math.min.apply(null, names.map(function (name) {
      return Math.min.apply(null, axes[name].map(function (t) { return t.box.left; }));
    }));
    Object.keys(crossed).forEach(function (name) {
      if (crowded[name]) { return; }
      var left = Math.min.apply(null, axes[name].map(function (t) { return t.box.left; }));
      if (left > firstColumn + 2) {
        layout[name] = layout[name] || {};
        layout[name].showticklabels = false;
        changed = true;
      }
    });
    return changed;
  }

  function levelTicks(ticks, name, data, layout) {
    var axis = layout[name];
    var short = name.replace("axis", "");
    var onAxis = data.filter(function (t) { return (t.xaxis || "x") === short && Array.isArray(t.x); });
    var named = onAxis.some(function (t) { return typeof t.x[0] === "string" && isNaN(Date.parse(t.x[0])); });
    if (named && ticks.length > 1) {
      if (axis.tickangle === -90) { return false; }  // the last resort, already taken
      var centres = ticks.map(function (t) { return (t.box.left + t.box.right) / 2; }).sort(function (p, q) { return p - q; });
      var slot = Math.min.apply(null, centres.slice(1).map(function (c, i) { return c - centres[i]; })) - 6;
      var slots = {};
      ticks.forEach(function (t) { slots[t.el.textContent] = t; });
      var rewrap = function (label) {
        var tick = typeof label === "string" && slots[shown(label.replace(/<br>/g, ""))];
        return tick ? wrapLines(label, allowed(tick.el, label, slot)) : label;
      };
      var before = JSON.stringify(onAxis.map(function (t) { return t.x; }));
      onAxis.forEach(function (t) { t.x = t.x.map(rewrap); });
      if (Array.isArray(axis.categoryarray)) { axis.categoryarray = axis.categoryarray.map(rewrap); }
      var rewrapped = JSON.stringify(onAxis.map(function (t) { return t.x; })) !== before;
      var angled = axis.tickangle !== 0;
      axis.tickangle = 0;
      if (rewrapped || angled) { return true; }
      // A single word wider than its slot ("ausgeblendet" over a narrow team column).
      var size = (axis.tickfont && axis.tickfont.size) || (layout.font && layout.font.size) || 12;
      if (size > MIN_TICK_SIZE) {
        axis.tickfont = Object.assign({}, axis.tickfont, { size: Math.max(MIN_TICK_SIZE, size - 2) });
        return true;
      }
      // Still too wide at the smallest size: on end, where a slot's width is a line's height.
      axis.tickangle = -90;
      axis.tickfont = Object.assign({}, axis.tickfont, { size: MIN_TICK_SIZE + 1 });
      return true;
    }
    var thinned = false;
    if (axis.tickvals && axis.tickvals.length > 2) {
      var keep = function (v, i) { return i % 2 === 0; };
      axis.tickvals = axis.tickvals.filter(keep);
      if (axis.ticktext) { axis.ticktext = axis.ticktext.filter(keep); }
      thinned = true;
    } else if (!axis.tickvals && ticks.length > 2) {
      axis.nticks = Math.ceil(ticks.length / 2);
      thinned = true;
    }
    var level = axis.tickangle !== 0;
    axis.tickangle = 0;
    return thinned || level;  // two ticks that still meet: nothing more to take away
  }

  /* A note past the chart's right edge (the "1 in 3 raters" beside its line, longer in
   * French) turns to the line's other side when there is room there, else is broken. */
  function fitNotes(node, edge, layout) {
    var changed = false;
    node.querySelectorAll("g.annotation[data-index]").forEach(function (g) {
      var note = (layout.annotations || [])[Number(g.getAttribute("data-index"))];
      var box = g.getBoundingClientRect();
      if (!note || box.right <= edge.right + 1) { return; }
      if ((note.xanchor || "center") === "left" && box.left - edge.left - 4 >= box.width) {
        note.xanchor = "right";
        note.text = String(note.text).trim() + " ";
      } else {
        var el = g.querySelector("text") || g;
        note.text = wrap(note.text, allowed(el, note.text, edge.right - 4 - box.left));
      }
      changed = true;
    });
    return sideBySide(node, layout) || changed;
  }

  /* Two notes drawn over each other side by side (the titles of neighbouring small multiples,
   * the reasons of two hidden team columns): each is broken to the room between them. */
  function sideBySide(node, layout) {
    var notes = Array.prototype.map.call(node.querySelectorAll("g.annotation[data-index]"), function (g) {
      return { g: g, box: g.getBoundingClientRect(), note: (layout.annotations || [])[Number(g.getAttribute("data-index"))] };
    }).filter(function (n) { return n.note && typeof n.note.text === "string"; });
    var changed = false;
    notes.forEach(function (a, i) {
      notes.slice(i + 1).forEach(function (b) {
        if (!overlap(a.box, b.box)) { return; }
        var room = Math.abs((a.box.left + a.box.right) - (b.box.left + b.box.right)) / 2 - 6;
        if (room < 20) { return; }
        [a, b].forEach(function (n) {
          var el = n.g.querySelector("text") || n.g;
          var text = wrapLines(n.note.text, allowed(el, n.note.text, room));
          var size = (n.note.font && n.note.font.size) || 12;
          if (text !== n.note.text) {
            n.note.text = text;
            changed = true;
          } else if (size > MIN_NOTE_SIZE) {  // one word wider than the room: a size smaller
            n.note.font = Object.assign({}, n.note.font, { size: size - 1 });
            changed = true;
          }
        });
      });
    });
    return changed;
  }

  window.chartFit = { fit: fit, shortLines: shortLines };
})();
