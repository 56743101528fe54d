// Browser code shared by the HTML report and the dashboard, kept as plain JavaScript text so the report can inline
// it (and hash it for the Content-Security-Policy) without a bundler. It builds every node with createElement and
// textContent: no innerHTML, no string-built markup, so text from documents can never become markup.
// Written without template literals so it can live inside String.raw.

export const VIEW_LIB_JS = String.raw`
'use strict';
var SVGNS = 'http://www.w3.org/2000/svg';
var KIND_ORDER = ['speaks_as_state', 'echo', 'register', 'refusal', 'deflection', 'technique', 'trace_contradiction', 'evidence', 'attribution', 'language', 'boilerplate'];
var KIND_LABEL = { echo: 'Echo', register: 'Official register', technique: 'Technique', refusal: 'Refusal', deflection: 'Deflection', speaks_as_state: 'Speaks as the state', evidence: 'Evidence', attribution: 'Attribution', trace_contradiction: 'Contradicts the record', language: 'Language', boilerplate: 'Boilerplate', speaker: 'Speaker' };
var VERDICT_LABEL = { state_echo: 'State echo', refusal: 'Refusal', deflection: 'Deflection', informative: 'Informative', not_judged: 'Language not analysed', no_answer: 'No answer', provider_blocked: 'Blocked by provider', failed: 'Failed' };
var VOICE_LABEL = { own: 'own voice', quoted: 'quoted', reported: 'reported' };
var OUTCOMES = ['state_echo', 'refusal', 'deflection', 'informative', 'not_judged', 'provider_blocked', 'failed'];

function h(tag, props, children) {
  var e = document.createElement(tag);
  setProps(e, props);
  append(e, children);
  return e;
}
function s(tag, attrs, children) {
  var e = document.createElementNS(SVGNS, tag);
  setProps(e, attrs);
  append(e, children);
  return e;
}
function setProps(e, props) {
  if (!props) return;
  Object.keys(props).forEach(function (k) {
    var v = props[k];
    if (v == null || v === false) return;
    if (k === 'class') e.setAttribute('class', v);
    else if (k === 'text') e.textContent = String(v);
    else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, String(v));
  });
}
function append(e, children) {
  if (children == null) return;
  if (!Array.isArray(children)) children = [children];
  children.forEach(function (c) {
    if (c == null || c === false) return;
    e.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  });
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

// Only http(s) addresses become links; anything else (javascript:, data:, relative paths) stays plain text.
function safeUrl(url) {
  if (typeof url !== 'string') return null;
  var u;
  try { u = new URL(url); } catch (err) { return null; }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
}
function link(url, text) {
  var href = safeUrl(url);
  // Shown as text, so a reader still sees where it pointed.
  if (!href) return h('span', { class: 'url', text: String(url == null ? '' : url) });
  return h('a', { href: href, rel: 'noopener noreferrer', target: '_blank', referrerpolicy: 'no-referrer', text: text || href });
}
function clip(text, max) {
  text = String(text == null ? '' : text);
  return text.length > max ? text.slice(0, max) + '…' : text;
}
function pct(x) { return (x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0) + '%'; }
function techniqueKey(name) {
  return String(name).toLowerCase().replace(/\s*\/.*$/, '').replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
}
function kindRank(kind) { var i = KIND_ORDER.indexOf(kind); return i < 0 ? KIND_ORDER.length : i; }
function verdictBadge(v) {
  return h('span', { class: 'badge verdict-' + (v || 'none'), text: VERDICT_LABEL[v] || (v ? String(v) : 'no verdict') });
}
// An answer's outcome: its verdict, no_answer when it was empty, or not_judged when the analysis left it without one for
// its language (the reason says which).
function answerOutcome(view) {
  if (view.verdict || view.kind !== 'answer' || !view.reason) return view.verdict || null;
  return view.reason.indexOf('no answer:') === 0 ? 'no_answer' : 'not_judged';
}

// Cut the text at every boundary of every segment, part and finding, so overlapping spans render as runs of
// pieces, each knowing which findings and which voice cover it.
function cutPieces(view) {
  var n = view.text.length;
  var cuts = [0, n];
  function add(x) { if (typeof x === 'number' && x > 0 && x < n) cuts.push(Math.floor(x)); }
  [view.segments, view.findings, view.parts].forEach(function (list) {
    (list || []).forEach(function (r) { add(r.start); add(r.end); });
  });
  cuts.sort(function (a, b) { return a - b; });
  var bounds = cuts.filter(function (x, i) { return i === 0 || x !== cuts[i - 1]; });
  var pieces = [];
  for (var i = 0; i + 1 < bounds.length; i++) pieces.push({ start: bounds[i], end: bounds[i + 1], voice: null, segment: -1, part: null, findings: [] });
  function firstPiece(start) {
    var lo = 0, hi = pieces.length - 1;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (pieces[mid].end <= start) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function cover(list, fn) {
    (list || []).forEach(function (r, idx) {
      if (!(r.end > r.start)) return;
      for (var p = firstPiece(r.start); p < pieces.length && pieces[p].start < r.end; p++) fn(pieces[p], r, idx);
    });
  }
  cover(view.parts, function (p, r) { p.part = r.kind; });
  cover(view.segments, function (p, r, idx) { p.voice = r.voice; p.segment = idx; });
  cover(view.findings, function (p, r, idx) { p.findings.push(idx); });
  pieces.forEach(function (p) {
    p.findings.sort(function (a, b) { return kindRank(view.findings[a].kind) - kindRank(view.findings[b].kind); });
  });
  return pieces;
}

function createPanel() {
  var body = h('div', { class: 'panel-body' }, h('p', { class: 'muted', text: 'Select a highlighted span to see its talking point, provenance, counter-evidence and technique.' }));
  var root = h('aside', { class: 'panel', id: 'panel', 'aria-live': 'polite', 'aria-label': 'Details of the selected span' }, [h('h2', { text: 'Details' }), body]);
  function show(view, K, findingIdxs, piece) {
    clear(body);
    if (piece) body.appendChild(h('blockquote', { class: 'excerpt', text: clip(view.text.slice(piece.start, piece.end), 600) }));
    if (!findingIdxs.length) {
      body.appendChild(h('p', { class: 'muted', text: 'No findings on this span' + (piece && piece.voice ? ' (' + VOICE_LABEL[piece.voice] + ')' : '') + '.' }));
      return;
    }
    findingIdxs.forEach(function (i) { body.appendChild(findingCard(view, K, view.findings[i])); });
  }
  return { root: root, show: show };
}

function statementBlock(label, st) {
  if (!st) return null;
  return h('div', { class: 'statement' }, [
    h('div', { class: 'statement-head' }, [h('strong', { text: label + ': ' }), (st.speaker || 'unknown speaker') + ', ' + (st.date || 'undated') + (st.lang ? ' (' + st.lang + ')' : '') + ' ', st.url ? link(st.url, 'source') : null,
      typeof st.score === 'number' ? h('span', { class: 'score small', text: ' · score ' + st.score.toFixed(2) }) : null]),
    st.text ? h('blockquote', { text: clip(st.text, 500) }) : null,
  ]);
}

function findingCard(view, K, f) {
  var card = h('div', { class: 'card k-' + f.kind, 'data-kind': f.kind });
  card.appendChild(h('div', { class: 'card-head' }, [
    h('span', { class: 'badge kind-' + f.kind, text: KIND_LABEL[f.kind] || f.kind }), ' ',
    h('span', { class: 'badge voice-' + f.voice, text: VOICE_LABEL[f.voice] || f.voice }),
    f.stance ? h('span', { class: 'badge', text: f.stance }) : null,
    f.part ? h('span', { class: 'muted small', text: ' in ' + f.part }) : null,
  ]));
  card.appendChild(h('blockquote', { class: 'excerpt', text: clip(view.text.slice(f.start, f.end), 400) }));
  if (f.message) card.appendChild(h('p', { text: f.message }));
  if (f.speaker) card.appendChild(h('p', { class: 'small' }, [h('strong', { text: 'Speaker: ' }), f.speaker.name + ' (' + String(f.speaker.role).replace(/_/g, ' ') + ')']));
  if (f.technique) {
    var t = K.techniques[f.technique] || K.techniques[techniqueKey(f.technique)];
    card.appendChild(h('div', { class: 'technique' }, [
      h('h3', { text: 'Technique: ' + (t ? t.label : f.technique) }),
      h('p', { text: t && t.definition ? t.definition : 'No definition in the catalogue.' }),
    ]));
  }
  var tpRef = f.talkingPoint;
  if (tpRef) {
    var tp = K.talkingPoints[tpRef.id];
    card.appendChild(h('div', { class: 'talking-point' }, [
      h('h3', { text: 'Talking point' }),
      h('p', {}, [h('code', { text: tpRef.id }), ' · ' + String(tpRef.framing || (tp && tp.framing) || '').replace(/_/g, ' ')]),
      h('p', { class: 'claim', text: tpRef.claim || (tp && tp.claim) || '' }),
      tpRef.phrasing ? h('p', { class: 'small' }, [h('strong', { text: 'Matched phrasing: ' }), '“' + tpRef.phrasing + '”' + (typeof tpRef.score === 'number' ? ' (score ' + tpRef.score.toFixed(2) + ')' : '')]) : null,
    ]));
    var prov = h('div', { class: 'provenance' }, h('h3', { text: 'Provenance' }));
    var pr = f.provenance;
    if (pr && (pr.earliest || pr.mostSimilar)) {
      append(prov, [
        statementBlock('Earliest', pr.earliest),
        pr.mostSimilar && (!pr.earliest || pr.mostSimilar.id !== pr.earliest.id) ? statementBlock('Most similar', pr.mostSimilar) : null,
        typeof pr.repeats === 'number' ? h('p', { class: 'small', text: pr.repeats + ' statement(s) in the reference corpus repeat it.' }) : null,
      ]);
    } else {
      // A provenance object without statements means a corpus was searched and held nothing like this echo.
      prov.appendChild(h('p', { class: 'small muted corpus-note', text: pr
        ? 'The reference corpus was searched: no official statement in it matches this echo.'
        // A static report does not know the store: it names both steps.
        : view.corpusCommand ? 'No reference corpus was searched. Add one to the store with: ' + view.corpusCommand
          : 'No reference corpus was searched. Add one with: mouthpiece corpus ingest <folder> --db <store>, then analyze with --db <store>.' }));
      if (tp && tp.provenance && tp.provenance.length) {
        prov.appendChild(h('p', { class: 'small muted', text: 'From the catalogue:' }));
        tp.provenance.forEach(function (p) {
          prov.appendChild(statementBlock(p.source || 'Statement', { speaker: p.speaker, date: p.date, url: p.url, text: p.quote }));
        });
      }
    }
    card.appendChild(prov);
  }
  var evIds = [];
  if (tpRef && K.talkingPoints[tpRef.id]) evIds = evIds.concat(K.talkingPoints[tpRef.id].evidence || []);
  if (f.evidence && evIds.indexOf(f.evidence.id) < 0) evIds.push(f.evidence.id);
  if (evIds.length) {
    var evBox = h('div', { class: 'evidence' }, h('h3', { text: f.kind === 'evidence' ? 'Evidence' : 'Counter-evidence' }));
    evIds.forEach(function (id) {
      var ev = K.evidence[id];
      if (!ev) { evBox.appendChild(h('p', {}, [h('code', { text: id }), ' (not in the catalogue)'])); return; }
      evBox.appendChild(h('div', { class: 'ev' }, [
        h('strong', { text: ev.title }), ev.date ? h('span', { class: 'muted small', text: ' ' + ev.date }) : null,
        h('p', { text: ev.summary }),
        h('ul', { class: 'sources' }, (ev.sources || []).map(function (src) {
          return h('li', {}, [src.publisher + (src.date ? ', ' + src.date : '') + ': ', src.url ? link(src.url, src.title || src.url) : (src.title || src.document || '')]);
        })),
      ]));
    });
    card.appendChild(evBox);
  }
  return card;
}

function statsTable(stats) {
  var rows = [['Segments in own voice', stats.segmentsByVoice.own], ['Quoted segments', stats.segmentsByVoice.quoted], ['Reported segments', stats.segmentsByVoice.reported],
    ['Echoes in own voice', stats.ownEchoes], ['Echoes quoted', stats.quotedEchoes], ['Echoes reported', stats.reportedEchoes]];
  Object.keys(stats.echoesByRole || {}).forEach(function (role) { rows.push(['Echoes by ' + role.replace(/_/g, ' '), stats.echoesByRole[role]]); });
  return h('table', { class: 'stats' }, h('tbody', {}, rows.map(function (r) { return h('tr', {}, [h('th', { text: r[0] }), h('td', { text: String(r[1] == null ? 0 : r[1]) })]); })));
}

// One annotated document: verdict (or voice statistics) at the top, then the text with highlighted spans.
function renderDocument(view, K, panel, opts) {
  opts = opts || {};
  var pieces = cutPieces(view);
  var sec = h('section', { class: 'doc', 'data-doc': view.id });
  sec.appendChild(h('h2', { class: 'doc-title', text: view.title || view.source || view.id }));
  sec.appendChild(h('p', { class: 'muted small', text: [view.format, view.model ? 'model ' + view.model : null, view.lang && view.lang !== 'und' ? 'language ' + view.lang : null, view.source].filter(Boolean).join(' · ') }));
  var head = h('div', { class: 'verdict-box' });
  if (view.kind === 'article') {
    head.appendChild(h('p', {}, [h('strong', { text: 'Article: ' }), 'who speaks the official line, by voice']));
    if (view.stats) head.appendChild(statsTable(view.stats));
  } else {
    head.appendChild(h('p', {}, [h('strong', { text: 'Verdict: ' }), verdictBadge(answerOutcome(view))]));
    if (view.reason) head.appendChild(h('p', { class: 'reason', text: view.reason }));
    if (view.decidedBy && view.decidedBy.length) {
      head.appendChild(h('p', { class: 'small', text: 'Decided by:' }));
      head.appendChild(h('ul', { class: 'decided' }, view.decidedBy.filter(function (i) { return view.findings[i]; }).map(function (i) {
        var f = view.findings[i];
        return h('li', {}, h('button', { type: 'button', class: 'linkish', onclick: function () { selectFinding(i); } }, (KIND_LABEL[f.kind] || f.kind) + ': ' + clip(f.message || view.text.slice(f.start, f.end), 140)));
      })));
    }
  }
  sec.appendChild(head);
  if (view.prompt) sec.appendChild(h('div', { class: 'prompt' }, [h('strong', { text: 'Prompt: ' }), clip(view.prompt, 4000)]));
  if (view.warnings && view.warnings.length) sec.appendChild(h('ul', { class: 'warnings' }, view.warnings.map(function (w) { return h('li', { text: w }); })));

  var counts = {};
  view.findings.forEach(function (f) { counts[f.kind] = (counts[f.kind] || 0) + 1; });
  var legend = h('div', { class: 'legend' }, [h('span', { class: 'muted small', text: 'Voice: ' }),
    h('span', { class: 'v-own sample', text: 'own' }), h('span', { class: 'v-quoted sample', text: 'quoted' }), h('span', { class: 'v-reported sample', text: 'reported' }),
    h('span', { class: 'muted small', text: ' Findings: ' })].concat(Object.keys(counts).sort(function (a, b) { return kindRank(a) - kindRank(b); }).map(function (k) {
    return h('span', { class: 'sample k-' + k, text: (KIND_LABEL[k] || k) + ' ' + counts[k] });
  })));
  sec.appendChild(legend);

  var textBox = h('div', { class: 'text', lang: view.lang && view.lang !== 'und' ? view.lang : null });
  var nodes = pieces.map(function (p, idx) {
    var cls = [];
    if (p.voice) cls.push('v-' + p.voice);
    if (p.part) cls.push('p-' + p.part);
    var props = { class: null, 'data-p': idx };
    if (p.findings.length) {
      var kinds = p.findings.map(function (i) { return view.findings[i].kind; });
      cls.push('f', 'k-' + kinds[0]);
      if (p.findings.length > 1) cls.push('multi');
      props.tabindex = 0;
      props.role = 'button';
      props['data-kinds'] = kinds.join(' ');
      props.title = kinds.map(function (k) { return KIND_LABEL[k] || k; }).join(', ') + (p.voice ? ' · ' + VOICE_LABEL[p.voice] : '');
    }
    props.class = cls.join(' ') || null;
    return h('span', props, view.text.slice(p.start, p.end));
  });
  append(textBox, nodes);
  var selected = [];
  function select(idx) {
    selected.forEach(function (n) { n.classList.remove('sel', 'rel'); });
    selected = [];
    var p = pieces[idx];
    if (!p) return;
    // Mark every piece of the top finding so a long span reads as one selection.
    var top = p.findings[0];
    if (top != null) {
      var f = view.findings[top];
      pieces.forEach(function (q, j) { if (q.start >= f.start && q.end <= f.end) { nodes[j].classList.add('rel'); selected.push(nodes[j]); } });
    }
    nodes[idx].classList.add('sel');
    selected.push(nodes[idx]);
    panel.show(view, K, p.findings, p);
    if (opts.onSelect) opts.onSelect(p);
  }
  function selectFinding(i) {
    var f = view.findings[i];
    for (var j = 0; j < pieces.length; j++) {
      if (pieces[j].findings.indexOf(i) >= 0) {
        // Put the chosen finding first in the panel.
        var p = pieces[j];
        p.findings = [i].concat(p.findings.filter(function (x) { return x !== i; }));
        select(j);
        nodes[j].focus();
        nodes[j].scrollIntoView({ block: 'center' });
        return;
      }
    }
    panel.show(view, K, [i], { start: f.start, end: f.end, voice: null });
  }
  textBox.addEventListener('click', function (ev) {
    var t = ev.target.closest ? ev.target.closest('[data-p]') : null;
    if (t && t.classList.contains('f')) select(Number(t.getAttribute('data-p')));
  });
  textBox.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    var t = ev.target.closest ? ev.target.closest('[data-p]') : null;
    if (t && t.classList.contains('f')) { ev.preventDefault(); select(Number(t.getAttribute('data-p'))); }
  });
  sec.appendChild(textBox);
  return sec;
}

function wilson(k, n) {
  if (!n) return { k: 0, n: 0, rate: 0, low: 0, high: 0 };
  var z = 1.96, p = k / n, d = 1 + z * z / n;
  var c = (p + z * z / (2 * n)) / d, m = (z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / d;
  return { k: k, n: n, rate: p, low: Math.max(0, c - m), high: Math.min(1, c + m) };
}
function langMatches(cellLang, lang) {
  if (lang === 'both') return true;
  if (lang === 'zh') return String(cellLang).slice(0, 2) === 'zh';
  return cellLang === lang;
}
// Sums k and n of the summary's cells over the chosen language(s): key → outcome → {k, n}.
function aggregate(cells, lang, keyOf) {
  // Keys are model names: without a prototype, a model called __proto__ is a key like any other.
  var out = Object.create(null);
  (cells || []).forEach(function (c) {
    if (!langMatches(c.lang, lang)) return;
    var key = keyOf(c);
    var slot = out[key] || (out[key] = {});
    Object.keys(c.rates || {}).forEach(function (o) {
      var r = c.rates[o];
      if (!r) return;
      var acc = slot[o] || (slot[o] = { k: 0, n: 0 });
      acc.k += r.k; acc.n += r.n;
    });
  });
  return out;
}
function mix(a, b, t) {
  return 'rgb(' + [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * t); }).join(',') + ')';
}

function heatmap(summary, lang, outcome, color, onCell) {
  var models = uniq(summary.cells.map(function (c) { return c.model; }));
  var topics = uniq(summary.cells.map(function (c) { return c.topic; }));
  var agg = aggregate(summary.cells, lang, function (c) { return c.model + '\u0000' + c.topic; });
  var left = 150, top = 110, cw = 62, ch = 30;
  var W = left + topics.length * cw + 10, H = top + models.length * ch + 10;
  // A viewBox lets CSS shrink the map to its column (max-width: 100%) instead of scrolling it sideways.
  var svg = s('svg', { class: 'heatmap', 'data-outcome': outcome, 'data-lang': lang, viewBox: '0 0 ' + W + ' ' + H, width: W, height: H, preserveAspectRatio: 'xMinYMin meet', role: 'img', 'aria-label': (VERDICT_LABEL[outcome] || outcome) + ' rate by model and topic' });
  topics.forEach(function (t, j) {
    svg.appendChild(s('text', { x: left + j * cw + cw / 2, y: top - 8, transform: 'rotate(-40 ' + (left + j * cw + cw / 2) + ' ' + (top - 8) + ')', class: 'axis' }, clip(t, 22)));
  });
  models.forEach(function (m, i) {
    svg.appendChild(s('text', { x: left - 8, y: top + i * ch + ch / 2 + 4, 'text-anchor': 'end', class: 'axis' }, clip(m, 22)));
    topics.forEach(function (t, j) {
      var r = (agg[m + '\u0000' + t] || {})[outcome];
      var w = r ? wilson(r.k, r.n) : null;
      var g = s('g', { class: 'cell', 'data-model': m, 'data-topic': t });
      var fill = w && w.n ? mix([247, 247, 247], color, w.rate) : '#ffffff';
      g.appendChild(s('rect', { x: left + j * cw, y: top + i * ch, width: cw - 2, height: ch - 2, fill: fill, stroke: '#ddd' }));
      g.appendChild(s('text', { x: left + j * cw + cw / 2 - 1, y: top + i * ch + ch / 2 + 4, 'text-anchor': 'middle', class: 'cell-value' + (w && w.rate > 0.55 ? ' light' : '') }, w && w.n ? pct(w.rate) : '–'));
      g.appendChild(s('title', {}, m + ' · ' + t + ' · ' + lang + ': ' + (w && w.n ? w.k + '/' + w.n + ' = ' + pct(w.rate) + ' (95% CI ' + pct(w.low) + '–' + pct(w.high) + ')' : 'no answers')));
      if (onCell) { g.setAttribute('tabindex', '0'); g.addEventListener('click', function () { onCell(m, t, lang, outcome); }); }
      svg.appendChild(g);
    });
  });
  return svg;
}
function uniq(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }).sort(); }

function modelBars(summary, lang) {
  var agg = aggregate(summary.cells, lang, function (c) { return c.model; });
  var models = Object.keys(agg).sort();
  var shown = ['state_echo', 'refusal', 'deflection', 'informative', 'not_judged', 'provider_blocked'];
  var colors = { state_echo: '#c0392b', refusal: '#2e6db4', deflection: '#8e44ad', informative: '#2e8b57', not_judged: '#b9770e', provider_blocked: '#7f8c8d' };
  var left = 290, width = 300, rowH = 18, y = 4;
  var rows = models.length * (16 + shown.length * rowH + 8);
  var svg = s('svg', { class: 'bars', viewBox: '0 0 ' + (left + width + 40) + ' ' + (rows + 10), width: left + width + 40, height: rows + 10, role: 'img', 'aria-label': 'Outcome rates per model with 95% Wilson intervals' });
  models.forEach(function (m) {
    svg.appendChild(s('text', { x: 0, y: y + 12, class: 'axis strong' }, clip(m, 40)));
    y += 16;
    shown.forEach(function (o) {
      var r = agg[m][o] || { k: 0, n: 0 };
      var w = wilson(r.k, r.n);
      var g = s('g', { class: 'bar', 'data-model': m, 'data-outcome': o });
      g.appendChild(s('text', { x: 12, y: y + 11, class: 'axis' }, (VERDICT_LABEL[o] || o) + ' ' + (w.n ? pct(w.rate) + ' (' + pct(w.low) + '–' + pct(w.high) + ', n=' + w.n + ')' : 'n=0')));
      g.appendChild(s('rect', { x: left, y: y + 2, width: width, height: rowH - 6, fill: '#f0f0f0' }));
      g.appendChild(s('rect', { x: left, y: y + 2, width: Math.max(0, w.rate * width), height: rowH - 6, fill: colors[o] }));
      if (w.n) {
        g.appendChild(s('line', { x1: left + w.low * width, x2: left + w.high * width, y1: y + rowH / 2 - 1, y2: y + rowH / 2 - 1, stroke: '#222', 'stroke-width': 1.5 }));
        g.appendChild(s('line', { x1: left + w.low * width, x2: left + w.low * width, y1: y + 3, y2: y + rowH - 5, stroke: '#222' }));
        g.appendChild(s('line', { x1: left + w.high * width, x2: left + w.high * width, y1: y + 3, y2: y + rowH - 5, stroke: '#222' }));
      }
      g.appendChild(s('title', {}, m + ' · ' + (VERDICT_LABEL[o] || o) + ' · ' + lang + ': ' + w.k + '/' + w.n));
      svg.appendChild(g);
      y += rowH;
    });
    y += 8;
  });
  return svg;
}

var OUTCOME_COLOR = { state_echo: '#c0392b', refusal: '#2e6db4', deflection: '#8e44ad', informative: '#2e8b57', not_judged: '#b9770e', no_answer: '#aab7b8', provider_blocked: '#7f8c8d', failed: '#34495e' };
var OUTCOME_RGB = { state_echo: [192, 57, 43], refusal: [46, 109, 180], deflection: [142, 68, 173], informative: [46, 139, 87], not_judged: [185, 119, 14], provider_blocked: [127, 140, 141], failed: [52, 73, 94] };
function langKey(l) { return String(l).slice(0, 2) === 'zh' ? 'zh' : String(l); }
var LANG_NAME = { en: 'English', zh: 'Chinese' };

// The five-second view: per model, one stacked bar per language (English and Chinese side by side), each verdict's
// share with its 95% Wilson interval written under the bar; segments carry k and n so tests can check the figures.
function summaryView(summary) {
  var langs = uniq(summary.cells.map(function (c) { return langKey(c.lang); }));
  langs.sort(function (a, b) { return (a === 'en' ? 0 : a === 'zh' ? 1 : 2) - (b === 'en' ? 0 : b === 'zh' ? 1 : 2) || (a < b ? -1 : 1); });
  var models = uniq(summary.cells.map(function (c) { return c.model; }));
  var box = h('section', { class: 'summary', 'aria-label': 'Summary' });
  var legend = h('div', { class: 'legend' });
  // Empty answers (batches of answers read from files) get their own share when there are any.
  var outcomes = OUTCOMES.concat(summary.cells.some(function (c) { return c.rates.no_answer && c.rates.no_answer.k > 0; }) ? ['no_answer'] : []);
  outcomes.forEach(function (o) {
    if (!summary.cells.some(function (c) { return c.rates[o] && c.rates[o].k > 0; }) && (o === 'failed' || o === 'not_judged' || o === 'no_answer' || o === 'provider_blocked')) return;
    legend.appendChild(h('span', { class: 'sample verdict-' + o, text: VERDICT_LABEL[o] || o }));
  });
  box.appendChild(legend);
  if (!models.length) { box.appendChild(h('p', { class: 'muted', text: 'No answers yet: nothing to summarise.' })); return box; }
  models.forEach(function (m) {
    var row = h('div', { class: 'sum-model', 'data-model': m }, h('h3', { text: m }));
    var pair = h('div', { class: 'sum-langs' });
    langs.forEach(function (l) {
      var agg = aggregate(summary.cells.filter(function (c) { return c.model === m; }), l === 'zh' ? 'zh' : l, function () { return 'all'; }).all || {};
      var n = 0;
      outcomes.forEach(function (o) { if (agg[o]) n = Math.max(n, agg[o].n); });
      var cell = h('div', { class: 'sum-lang', 'data-lang': l, 'data-n': String(n) }, h('h4', { text: (LANG_NAME[l] || l) + ' · n=' + n }));
      var bar = s('svg', { class: 'stack', viewBox: '0 0 1000 18', preserveAspectRatio: 'none', width: '100%', height: 18, role: 'img', 'aria-label': m + ' ' + (LANG_NAME[l] || l) + ' verdict shares' });
      var x = 0;
      var figures = h('ul', { class: 'sum-figures' });
      outcomes.forEach(function (o) {
        var r = agg[o] || { k: 0, n: n };
        var w = wilson(r.k, n);
        var seg = s('rect', { class: 'seg', 'data-outcome': o, 'data-k': String(r.k), 'data-n': String(n), x: x * 1000, y: 0, width: w.rate * 1000, height: 18, fill: OUTCOME_COLOR[o] });
        seg.appendChild(s('title', {}, (VERDICT_LABEL[o] || o) + ': ' + r.k + '/' + n + ' = ' + pct(w.rate) + ' (95% CI ' + pct(w.low) + '–' + pct(w.high) + ')'));
        bar.appendChild(seg);
        x += w.rate;
        if (r.k > 0 || o === 'state_echo' || o === 'refusal') {
          figures.appendChild(h('li', { 'data-outcome': o }, [h('span', { class: 'dot verdict-' + o }), (VERDICT_LABEL[o] || o) + ' ' + (n ? pct(w.rate) + ' [' + pct(w.low) + '–' + pct(w.high) + ']' : '–')]));
        }
      });
      cell.appendChild(bar);
      cell.appendChild(figures);
      pair.appendChild(cell);
    });
    row.appendChild(pair);
    box.appendChild(row);
  });
  return box;
}

function signedPct(x) { return (x > 0 ? '+' : '') + Math.round(x * 100) + '%'; }

function outcomeCounts(counts) {
  var parts = OUTCOMES.filter(function (o) { return counts && counts[o]; }).map(function (o) { return (VERDICT_LABEL[o] || o) + ' ' + counts[o]; });
  return parts.length ? parts.join(' · ') : 'none';
}

// The audit-run view: heatmaps with a language switch, per-model bars, language gaps, most echoed talking points.
// opts.answerView(promptId, model, lang) may return an element to show instead of the plain answer text;
// opts.onCell / opts.onGap let the dashboard open the matching answers.
function renderRun(summary, opts) {
  opts = opts || {};
  var root = h('div', { class: 'run' });
  var lang = opts.lang || 'both';
  root.appendChild(h('h2', { text: 'Summary: share of each verdict per model and language (95% Wilson intervals)' }));
  root.appendChild(summaryView(summary));
  root.appendChild(h('p', { class: 'muted' }, summary.results + ' of ' + summary.expected + ' expected answers · ' + (summary.usage ? summary.usage.tokensIn + ' tokens in, ' + summary.usage.tokensOut + ' out' + (summary.usage.cost != null ? ', cost ' + summary.usage.cost : '') + ', mean latency ' + Math.round(summary.usage.meanLatencyMs || 0) + ' ms' : '')));
  var switcher = h('div', { class: 'lang-switch', role: 'group', 'aria-label': 'Language' });
  [['en', 'English'], ['zh', '中文'], ['both', 'Both']].forEach(function (pair) {
    switcher.appendChild(h('button', { type: 'button', 'data-lang': pair[0], 'aria-pressed': pair[0] === lang ? 'true' : 'false', onclick: function () { lang = pair[0]; draw(); } }, pair[1]));
  });
  var maps = h('div', { class: 'heatmaps' });
  var bars = h('div', { class: 'bars-box' });
  root.appendChild(h('h2', { text: 'Verdict rates by model and topic' }));
  root.appendChild(switcher);
  root.appendChild(maps);
  root.appendChild(h('h2', { text: 'Outcomes per model (95% Wilson intervals)' }));
  root.appendChild(bars);
  function draw() {
    Array.prototype.forEach.call(switcher.children, function (b) { b.setAttribute('aria-pressed', b.getAttribute('data-lang') === lang ? 'true' : 'false'); });
    clear(maps);
    if (!summary.cells.length) maps.appendChild(h('p', { class: 'muted', text: 'No answers yet.' }));
    else {
      // The four verdicts always; blocked, not analysed (answers in languages the official line is not analysed in,
      // never inside the clean rates) and failed only when the run has any.
      OUTCOMES.forEach(function (o) {
        var always = o === 'state_echo' || o === 'refusal' || o === 'deflection' || o === 'informative';
        if (!always && !summary.cells.some(function (c) { return c.rates[o] && c.rates[o].k > 0; })) return;
        maps.appendChild(h('figure', {}, [h('figcaption', { text: VERDICT_LABEL[o] || o }), heatmap(summary, lang, o, OUTCOME_RGB[o], opts.onCell)]));
      });
    }
    clear(bars).appendChild(modelBars(summary, lang));
  }
  draw();

  root.appendChild(h('h2', { text: 'Where English and Chinese answers differ most (strongest effect first, models taking turns)' }));
  var gaps = (summary.langGaps || []).filter(function (g) { return g.gap > 0; }).slice(0, opts.maxGaps || 12);
  if (!gaps.length) root.appendChild(h('p', { class: 'muted', text: 'No prompt was answered differently in the two languages.' }));
  gaps.forEach(function (g) {
    var side = function (l, counts, text) {
      var custom = opts.answerView ? opts.answerView(g.promptId, g.model, l) : null;
      return h('div', { class: 'gap-side', lang: l }, [h('h4', { text: (l === 'en' ? 'English' : 'Chinese') + ': ' + outcomeCounts(counts) }),
        custom || h('div', { class: 'text plain', text: text ? clip(text, 6000) : '(no answer text)' })]);
    };
    root.appendChild(h('div', { class: 'gap' }, [
      h('h3', {}, [h('code', { text: g.promptId }), ' · ' + g.topic + ' · ' + g.model + (g.effect ? ' · ' + (VERDICT_LABEL[g.effect.outcome] || g.effect.outcome) + ' ' + signedPct(g.effect.diff) + ' in Chinese [' + signedPct(g.effect.low) + ', ' + signedPct(g.effect.high) + ']' : '') + ' · gap ' + (typeof g.gap === 'number' ? g.gap.toFixed(2) : g.gap),
        opts.onGap ? h('button', { type: 'button', class: 'linkish', onclick: function () { opts.onGap(g); } }, ' open answers') : null]),
      h('div', { class: 'gap-pair' }, [side('en', g.en, g.enAnswer), side('zh', g.zh, g.zhAnswer)]),
    ]));
  });

  root.appendChild(h('h2', { text: 'Most echoed talking points' }));
  var tps = summary.topTalkingPoints || [];
  if (!tps.length) root.appendChild(h('p', { class: 'muted', text: 'No talking point was echoed.' }));
  else root.appendChild(h('table', { class: 'grid' }, [
    h('thead', {}, h('tr', {}, [h('th', { text: 'Talking point' }), h('th', { text: 'Claim' }), h('th', { text: 'Echoes' }), h('th', { text: 'By model' })])),
    h('tbody', {}, tps.map(function (t) {
      return h('tr', {}, [h('td', {}, h('code', { text: t.id })), h('td', { text: t.claim }), h('td', { class: 'num', text: String(t.count) }),
        h('td', { text: Object.keys(t.models || {}).map(function (m) { return m + ' ' + t.models[m]; }).join(', ') })]);
    })),
  ]));
  return root;
}
`;

/** Boots the documents report: a table of contents, each annotated document, one shared details panel. */
export const DOCUMENTS_BOOT_JS = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var app = document.getElementById('app');
  var panel = createPanel();
  var main = h('main', { class: 'docs' });
  app.appendChild(h('header', { class: 'top' }, [h('h1', { text: data.title }), h('p', { class: 'muted small', text: 'Generated ' + data.generated + ' by mouthpiece · ' + data.docs.length + ' document(s)' })]));
  if (data.knowledge.problem) app.appendChild(h('p', { class: 'warnings', text: data.knowledge.problem }));
  if (data.docs.length > 1) {
    app.appendChild(h('nav', { class: 'toc' }, h('ol', {}, data.docs.map(function (d, i) {
      return h('li', {}, [h('a', { href: '#doc-' + i, text: d.title || d.source || d.id }), ' ', d.kind === 'article' ? h('span', { class: 'badge', text: 'article' }) : verdictBadge(answerOutcome(d))]);
    }))));
  }
  data.docs.forEach(function (d, i) {
    var sec = renderDocument(d, data.knowledge, panel);
    sec.id = 'doc-' + i;
    main.appendChild(sec);
  });
  app.appendChild(h('div', { class: 'layout' }, [main, panel.root]));
})();
`;

/** Boots the audit-run report: the run view, then the annotated answers it shows side by side. */
export const RUN_BOOT_JS = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var app = document.getElementById('app');
  var panel = createPanel();
  var main = h('main', { class: 'docs' });
  app.appendChild(h('header', { class: 'top' }, [h('h1', { text: data.title }), h('p', { class: 'muted small', text: 'Run ' + data.summary.run + ' · generated ' + data.generated + ' by mouthpiece' })]));
  if (data.knowledge.problem) app.appendChild(h('p', { class: 'warnings', text: data.knowledge.problem }));
  main.appendChild(renderRun(data.summary, {
    answerView: function (promptId, model, lang) {
      var i = data.gapDocs[promptId + '|' + model + '|' + lang];
      return i == null ? null : renderDocument(data.docs[i], data.knowledge, panel);
    },
  }));
  app.appendChild(h('div', { class: 'layout' }, [main, panel.root]));
})();
`;

/**
 * Boots a batch report: the summary, filters (model, verdict, language, talking point) and search, then the answers
 * as rows drawn a page at a time; an answer's annotated view is built when its row is opened.
 */
export const BATCH_BOOT_JS = String.raw`
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var B = data.batch;
  var PAGE = 100;
  var app = document.getElementById('app');
  var panel = createPanel();
  var main = h('main', { class: 'docs batch' });
  var embedded = B.rows.filter(function (r) { return r[7] >= 0; }).length;
  app.appendChild(h('header', { class: 'top' }, [h('h1', { text: data.title }), h('p', { class: 'muted small', text: 'Generated ' + data.generated + ' by mouthpiece · ' + B.rows.length + ' documents · ' +
    (B.allText ? 'every answer embedded whole' : embedded + ' flagged answers embedded whole (not informative, or echoing a talking point in their own voice); the other ' + (B.rows.length - embedded) + ' show their first ' + B.snippet + ' characters (analyze --full-text embeds all)') })]));
  if (data.knowledge.problem) app.appendChild(h('p', { class: 'warnings', text: data.knowledge.problem }));

  function textOf(r) { return r[7] >= 0 ? data.docs[r[7]].text : (r[6] || ''); }
  var lower = null; // texts in lower case, made on the first search
  var state = { model: '', outcome: '', lang: '', point: '', q: '' };
  var KEYS = ['model', 'outcome', 'lang', 'point'];
  var COLUMN = { model: 1, outcome: 3, lang: 2, point: 4 };
  var TABLE = { model: B.models, outcome: B.outcomes, lang: B.langs, point: B.points };
  var selects = {};
  // Each option says how many answers it would show with the other filters and the search as they are.
  function select(label, key, names) {
    var sel = h('select', { 'aria-label': label, 'data-filter': key }, [h('option', { value: '' })].concat(TABLE[key].map(function (v, i) {
      return h('option', { value: String(i), 'data-name': v });
    })));
    sel.addEventListener('change', function () { state[key] = sel.value; draw(); });
    selects[key] = { el: sel, label: label, names: names };
    return sel;
  }
  var search = h('input', { type: 'search', placeholder: 'Search answers and ids', 'aria-label': 'Search', 'data-filter': 'q' });
  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { state.q = search.value.trim().toLowerCase(); draw(); }, 150); });
  var count = h('p', { class: 'batch-count', 'aria-live': 'polite' });
  var filters = h('div', { class: 'filters', role: 'search' }, [
    select('Model', 'model'),
    select('Verdict', 'outcome', function (o) { return VERDICT_LABEL[o] || o; }),
    select('Language', 'lang'),
    select('Talking point', 'point'),
    search,
  ]);
  var summaryBox = h('div', { class: 'batch-summary' });
  var list = h('ol', { class: 'batch-rows' });
  var more = h('button', { type: 'button', class: 'more', text: 'Show more' });
  // The run summary first (it follows the filters below it), then the filters, the count and the rows.
  main.appendChild(summaryBox);
  main.appendChild(filters);
  main.appendChild(count);
  main.appendChild(list);
  main.appendChild(more);
  app.appendChild(h('div', { class: 'layout' }, [main, panel.root]));

  var shown = [];
  var drawn = 0;
  function found(i) {
    if (!state.q) return true;
    if (!lower) lower = B.rows.map(function (x) { return (x[0] + '\n' + textOf(x)).toLowerCase(); });
    return lower[i].indexOf(state.q) >= 0;
  }
  function passes(r, key) {
    if (state[key] === '') return true;
    return key === 'point' ? r[4].indexOf(+state[key]) >= 0 : r[COLUMN[key]] === +state[key];
  }
  // The summary of the answers the filters select, in the audit report's form: per model, verdict shares per language.
  function summaryOf(rows) {
    var cells = {};
    rows.forEach(function (r) {
      var key = r[1] + '|' + r[2];
      var c = cells[key] || (cells[key] = { model: B.models[r[1]], lang: B.langs[r[2]], topic: 'all', rates: {}, n: 0 });
      var o = B.outcomes[r[3]];
      c.n++;
      (c.rates[o] || (c.rates[o] = { k: 0, n: 0 })).k++;
    });
    return { cells: Object.keys(cells).map(function (k) {
      var c = cells[k];
      OUTCOMES.concat(['no_answer']).forEach(function (o) { var r = c.rates[o] || (c.rates[o] = { k: 0, n: 0 }); r.n = c.n; });
      return c;
    }) };
  }
  function row(r) {
    var o = B.outcomes[r[3]];
    var li = h('li', { class: 'batch-row', 'data-outcome': o, 'data-model': B.models[r[1]] });
    var head = h('button', { type: 'button', class: 'row-head', 'aria-expanded': 'false' }, [
      verdictBadge(o === 'article' ? null : o), ' ',
      h('span', { class: 'row-model', text: B.models[r[1]] }), ' ',
      h('span', { class: 'row-meta muted small', text: B.langs[r[2]] + ' · ' + r[0] }),
    ]);
    li.appendChild(head);
    if (r[4].length) li.appendChild(h('p', { class: 'row-points small' }, r[4].map(function (p) { return h('code', { text: B.points[p] }); })));
    if (B.reasons[r[5]]) li.appendChild(h('p', { class: 'reason small', text: B.reasons[r[5]] }));
    var snippet = h('p', { class: 'snippet', text: clip(textOf(r), B.snippet) });
    li.appendChild(snippet);
    var open = null;
    head.addEventListener('click', function () {
      if (open) { li.removeChild(open); open = null; head.setAttribute('aria-expanded', 'false'); snippet.hidden = false; return; }
      open = r[7] >= 0 ? renderDocument(data.docs[r[7]], data.knowledge, panel) : h('p', { class: 'muted', text: 'Only the beginning of this answer is embedded: it was informative and echoed no talking point in its own voice. Run analyze --full-text to embed every answer.' });
      li.appendChild(open);
      snippet.hidden = r[7] >= 0;
      head.setAttribute('aria-expanded', 'true');
    });
    return li;
  }
  function drawMore() {
    var end = Math.min(shown.length, drawn + PAGE);
    for (var i = drawn; i < end; i++) list.appendChild(row(B.rows[shown[i]]));
    drawn = end;
    more.hidden = drawn >= shown.length;
    more.textContent = 'Show ' + Math.min(PAGE, shown.length - drawn) + ' more of ' + (shown.length - drawn);
  }
  more.addEventListener('click', drawMore);
  function draw() {
    shown = [];
    var counts = {}, all = {};
    KEYS.forEach(function (k) { counts[k] = TABLE[k].map(function () { return 0; }); all[k] = 0; });
    B.rows.forEach(function (r, i) {
      if (!found(i)) return;
      var failed = KEYS.filter(function (k) { return !passes(r, k); });
      if (failed.length > 1) return;
      // A row that fails one filter still counts for that filter's own options.
      KEYS.forEach(function (k) {
        if (failed.length && failed[0] !== k) return;
        all[k]++;
        if (k === 'point') r[4].forEach(function (p) { counts.point[p]++; });
        else counts[k][r[COLUMN[k]]]++;
      });
      if (!failed.length) shown.push(i);
    });
    KEYS.forEach(function (k) {
      var sel = selects[k];
      var opts = sel.el.options;
      // The "all" option: what this filter would show if cleared.
      opts[0].textContent = sel.label + ': all (' + all[k] + ')';
      for (var j = 1; j < opts.length; j++) {
        var v = TABLE[k][j - 1];
        opts[j].textContent = (sel.names ? sel.names(v) : v) + ' (' + counts[k][j - 1] + ')';
        opts[j].setAttribute('data-count', String(counts[k][j - 1]));
      }
    });
    clear(summaryBox).appendChild(summaryView(summaryOf(shown.map(function (i) { return B.rows[i]; }))));
    count.textContent = shown.length + ' of ' + B.rows.length + ' answers';
    count.setAttribute('data-count', String(shown.length));
    clear(list);
    drawn = 0;
    if (!shown.length) list.appendChild(h('li', { class: 'muted', text: 'No answer matches these filters: clear one or change the search.' }));
    drawMore();
  }
  draw();
})();
`;

