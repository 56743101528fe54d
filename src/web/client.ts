// The dashboard's browser code: a hash router over the JSON API, drawing with the same views as the HTML report.
// Everything from the server is rendered with textContent (through h()), never as markup.
import { VIEW_LIB_JS } from '../reporters/html-client.js';
import { VIEW_CSS } from '../reporters/html-style.js';

const DASHBOARD_JS = String.raw`
(function () {
  var app = document.getElementById('app');
  var PAGE = 50;

  function api(path, body) {
    var init = body === undefined ? { headers: { accept: 'application/json' } }
      : { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) };
    return fetch(path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        if (!res.ok) throw new Error(data.error || ('HTTP ' + res.status));
        return data;
      });
    });
  }
  function qs(params) {
    var u = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k] !== undefined && params[k] !== null && params[k] !== '') u.set(k, String(params[k])); });
    var s = u.toString();
    return s ? '?' + s : '';
  }
  function route() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var at = hash.indexOf('?');
    var path = at < 0 ? hash : hash.slice(0, at);
    var params = {};
    new URLSearchParams(at < 0 ? '' : hash.slice(at + 1)).forEach(function (v, k) { params[k] = v; });
    return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: params };
  }
  function go(path, params) { location.hash = '#' + path + qs(params || {}); }
  function shell(title, withPanel) {
    clear(app);
    app.appendChild(h('header', { class: 'top' }, [
      h('h1', {}, [h('a', { href: '#/', class: 'home', text: 'mouthpiece' }), ' · ' + title]),
      h('nav', { class: 'small' }, [h('a', { href: '#/', text: 'Runs & corpus' }), ' · ', h('a', { href: '#/analyze', text: 'Analyze a text' })]),
    ]));
    var main = h('main', { class: 'docs' });
    var panel = withPanel ? createPanel() : null;
    app.appendChild(h('div', { class: withPanel ? 'layout' : 'layout single' }, panel ? [main, panel.root] : [main]));
    return { main: main, panel: panel };
  }
  function fail(main, err) { main.appendChild(h('p', { class: 'error', role: 'alert', text: 'Error: ' + (err && err.message ? err.message : String(err)) })); }
  function table(headers, rows) {
    return h('table', { class: 'grid' }, [h('thead', {}, h('tr', {}, headers.map(function (x) { return h('th', { text: x }); }))), h('tbody', {}, rows)]);
  }
  function pager(total, offset, onPage) {
    offset = Number(offset) || 0;
    return h('div', { class: 'pager' }, [
      h('button', { type: 'button', disabled: offset <= 0 ? 'disabled' : null, onclick: function () { onPage(Math.max(0, offset - PAGE)); } }, '‹ Previous'),
      h('span', { class: 'muted small', text: ' ' + (total ? (offset + 1) + '–' + Math.min(total, offset + PAGE) : 0) + ' of ' + total + ' ' }),
      h('button', { type: 'button', disabled: offset + PAGE >= total ? 'disabled' : null, onclick: function () { onPage(offset + PAGE); } }, 'Next ›'),
    ]);
  }
  function select(name, label, values, current) {
    return h('label', {}, [label + ' ', h('select', { name: name }, [h('option', { value: '', text: 'all' })].concat(values.map(function (v) {
      return h('option', { value: v, selected: v === current ? 'selected' : null, text: VERDICT_LABEL[v] || v });
    })))]);
  }

  // The share of each verdict among a run's answers, as badges (only verdicts the run has).
  function runRates(r) {
    var c = r.outcomes || {};
    var n = OUTCOMES.reduce(function (t, o) { return t + (c[o] || 0); }, 0);
    if (!n) return h('span', { class: 'muted', text: 'no answers yet' });
    return h('span', { class: 'rates' }, OUTCOMES.filter(function (o) { return c[o]; }).map(function (o) {
      return h('span', { class: 'badge verdict-' + o, 'data-outcome': o, title: (VERDICT_LABEL[o] || o) + ': ' + c[o] + '/' + n, text: (VERDICT_LABEL[o] || o) + ' ' + pct(c[o] / n) });
    }));
  }

  function home() {
    var v = shell('Runs and corpus', false);
    api('/api/overview').then(function (data) {
      v.main.appendChild(h('h2', { text: 'Audit runs' }));
      if (!data.runs.length) v.main.appendChild(h('p', { class: 'muted', text: 'No audit runs in this store yet: start one with mouthpiece audit --suite … --base-url … --model ….' }));
      else v.main.appendChild(table(['Run', 'Suite', 'Models', 'Languages', 'Answers', 'Verdicts', 'Status', 'Created'], data.runs.map(function (r) {
        return h('tr', { 'data-run': r.id }, [h('td', {}, h('a', { href: '#/run/' + encodeURIComponent(r.id), text: r.id })), h('td', { text: r.suite }), h('td', { text: r.models.join(', ') }),
          h('td', { text: r.langs.join(', ') }), h('td', { class: 'num', text: r.results + ' / ' + r.expected }), h('td', {}, runRates(r)), h('td', { text: r.status }), h('td', { text: r.createdAt })]);
      })));
      if (data.runs.length > 1) v.main.appendChild(compareForm(data.runs, null));
      var trends = h('p', { class: 'small trends' });
      v.main.appendChild(trends);
      api('/api/trends').then(function (t) {
        if (!t.models.length) return;
        append(trends, 'Trends across runs: ');
        t.models.forEach(function (m, i) { append(trends, [i ? ', ' : null, h('a', { href: '#/trend/' + encodeURIComponent(m), text: m })]); });
      });
      v.main.appendChild(h('h2', { text: 'Reference corpus' }));
      var c = data.corpus;
      if (!c) v.main.appendChild(h('p', { class: 'muted', text: 'No reference corpus in this store. Add one with: ' + data.corpusCommand }));
      else v.main.appendChild(h('div', { class: 'corpus' }, [
        h('p', { text: c.statements + ' statements (' + Object.keys(c.languages).map(function (l) { return l + ' ' + c.languages[l]; }).join(', ') + '), ' + c.sentences + ' sentences, ' + c.sources + ' source files, ' + (c.firstDate || '?') + ' to ' + (c.lastDate || '?') + '.' }),
        c.speakers && c.speakers.length ? h('p', { class: 'small', text: 'Most frequent speakers: ' + c.speakers.slice(0, 10).map(function (s) { return s.speaker + (s.names && s.names.length ? ' / ' + s.names.join(' / ') : '') + ' (' + s.statements + ')'; }).join(', ') }) : null,
      ]));
      if (data.features.trace) v.main.appendChild(traceBox());
    }).catch(function (err) { fail(v.main, err); });
  }

  function traceBox() {
    var input = h('textarea', { id: 'trace-text', rows: 3, placeholder: 'A sentence to trace to official statements…' });
    var out = h('div', { class: 'trace-out' });
    var form = h('form', { class: 'box', id: 'trace-form' }, [h('h2', { text: 'Trace a sentence' }), input, h('button', { type: 'submit', text: 'Trace' }), out]);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clear(out).appendChild(h('p', { class: 'muted', text: 'Searching…' }));
      api('/api/trace', { text: input.value }).then(function (data) {
        clear(out);
        if (!data.matches.length) { out.appendChild(h('p', { class: 'muted', text: 'No official statement in the corpus matches.' })); return; }
        out.appendChild(table(['Score', 'Speaker', 'Date', 'Statement sentence', 'Source'], data.matches.map(function (m) {
          return h('tr', {}, [h('td', { class: 'num', text: m.score.toFixed(2) }), h('td', { text: m.speaker || '' }), h('td', { text: m.date || '' }), h('td', { text: m.text }), h('td', {}, m.url ? link(m.url, 'source') : '')]);
        })));
      }).catch(function (err) { clear(out); fail(out, err); });
    });
    return form;
  }

  function compareForm(runs, current) {
    var runOptions = function (name, value) {
      return h('select', { name: name }, runs.map(function (r) { return h('option', { value: r.id, selected: r.id === value ? 'selected' : null, text: r.id }); }));
    };
    var first = current || runs[0];
    // Models are picked from the chosen run's models (never typed), and follow a change of run.
    var modelOptions = function (select, run, value) {
      clear(select);
      (run ? run.models : []).forEach(function (m) { select.appendChild(h('option', { value: m, selected: m === value ? 'selected' : null, text: m })); });
      return select;
    };
    var byId = function (id) { return runs.filter(function (r) { return r.id === id; })[0]; };
    var runA = runOptions('a', first.id), runB = runOptions('b', first.id);
    var modelA = modelOptions(h('select', { name: 'am' }), first, first.models[0]);
    var modelB = modelOptions(h('select', { name: 'bm' }), first, first.models[1] || first.models[0]);
    runA.addEventListener('change', function () { modelOptions(modelA, byId(runA.value), modelA.value); });
    runB.addEventListener('change', function () { modelOptions(modelB, byId(runB.value), modelB.value); });
    var form = h('form', { class: 'box', id: 'compare-form' }, [h('h3', { text: 'Compare two models or two runs on the same prompts' }),
      h('label', {}, ['Run A ', runA]), ' ', h('label', {}, ['model A ', modelA]), ' ',
      h('label', {}, ['Run B ', runB]), ' ', h('label', {}, ['model B ', modelB]), ' ',
      h('button', { type: 'submit', text: 'Compare' })]);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var f = new FormData(form);
      go('/compare', { a: f.get('a'), am: f.get('am'), b: f.get('b'), bm: f.get('bm') });
    });
    return form;
  }

  function runPage(runId, params) {
    var v = shell('Run ' + runId, false);
    api('/api/runs/' + encodeURIComponent(runId)).then(function (data) {
      var s = data.summary;
      v.main.appendChild(h('p', { class: 'muted small' }, ['Suite ' + data.info.suite + ' · models ' + data.info.models.join(', ') + ' · languages ' + data.info.langs.join(', ') + ' · ' + data.info.status + ' · ',
        h('a', { href: '#/review/' + encodeURIComponent(runId), class: 'review-link', text: 'Review a sample of this run' })]));
      var filters = h('form', { class: 'box filters', id: 'filters' }, [
        select('model', 'Model', data.info.models, params.model), ' ',
        select('topic', 'Topic', uniq(s.cells.map(function (c) { return c.topic; })), params.topic), ' ',
        select('lang', 'Language', data.info.langs, params.lang), ' ',
        select('outcome', 'Verdict', OUTCOMES, params.outcome), ' ',
        h('label', {}, ['Prompt ', h('input', { name: 'promptId', value: params.promptId || '', size: 22 })]), ' ',
        h('button', { type: 'submit', text: 'Filter' })]);
      filters.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var f = new FormData(filters), next = {};
        f.forEach(function (val, key) { next[key] = val; });
        go('/run/' + encodeURIComponent(runId), next);
      });
      var list = h('div', { class: 'answers', id: 'answers' });
      var showAnswers = function (next) { go('/run/' + encodeURIComponent(runId), next); };
      // At a glance first (heatmaps, bars), then the answers behind them.
      v.main.appendChild(renderRun(s, {
        maxGaps: 5,
        onCell: function (model, topic, lang, outcome) { showAnswers({ model: model, topic: topic, lang: lang === 'both' ? '' : lang, outcome: outcome }); },
        onGap: function (g) { showAnswers({ model: g.model, promptId: g.promptId }); },
      }));
      v.main.appendChild(h('h2', { text: 'Answers' }));
      v.main.appendChild(filters);
      v.main.appendChild(list);
      v.main.appendChild(compareForm([data.info].concat(data.otherRuns || []), data.info));
      answersList(list, runId, params);
    }).catch(function (err) { fail(v.main, err); });
  }

  function answersList(box, runId, params) {
    var q = { model: params.model, topic: params.topic, lang: params.lang, outcome: params.outcome, promptId: params.promptId, offset: params.offset || 0, limit: PAGE };
    api('/api/runs/' + encodeURIComponent(runId) + '/answers' + qs(q)).then(function (data) {
      clear(box);
      // An empty list says why and what to do, instead of an empty table.
      if (!data.total) {
        var chosen = ['model', 'topic', 'lang', 'outcome', 'promptId'].filter(function (k) { return params[k]; }).map(function (k) { return k + ' ' + (k === 'outcome' ? VERDICT_LABEL[params[k]] || params[k] : params[k]); });
        box.appendChild(h('p', { class: 'empty muted' }, chosen.length
          ? ['No answer of this run matches ' + chosen.join(', ') + '. ', h('a', { href: '#/run/' + encodeURIComponent(runId), text: 'Show all answers' }), ' or loosen a filter.']
          : 'This run has no answers yet: the audit may still be running (mouthpiece audit run … --resume continues an interrupted one).'));
        return;
      }
      box.appendChild(pager(data.total, q.offset, function (o) { go('/run/' + encodeURIComponent(runId), Object.assign({}, params, { offset: o })); }));
      box.appendChild(table(['#', 'Model', 'Prompt', 'Topic', 'Lang', 'Verdict', 'Answer'], data.rows.map(function (r) {
        return h('tr', { 'data-answer': r.id }, [h('td', {}, h('a', { href: '#/answer/' + r.id, text: String(r.id) })), h('td', { text: r.model }), h('td', {}, h('code', { text: r.promptId })),
          h('td', { text: r.topic }), h('td', { text: r.lang }), h('td', {}, verdictBadge(r.outcome)), h('td', { class: 'preview', text: r.preview || '' })]);
      })));
      // A filtered or paged list is what the user asked to see: bring it into view below the charts.
      if (Object.keys(params).length) box.scrollIntoView({ block: 'start' });
    }).catch(function (err) { fail(box, err); });
  }

  function answerPage(id) {
    var v = shell('Answer ' + id, true);
    api('/api/answers/' + encodeURIComponent(id)).then(function (data) {
      var a = data.answer;
      v.main.appendChild(h('p', { class: 'small' }, [h('a', { href: '#/run/' + encodeURIComponent(a.run), text: '← run ' + a.run }),
        ' · model ' + a.model + ' · prompt ' + a.promptId + ' · ' + a.topic + ' · ' + a.lang + ' · sample ' + a.sample + ' · outcome ', verdictBadge(a.outcome),
        a.httpStatus ? ' · HTTP ' + a.httpStatus : '', a.latencyMs != null ? ' · ' + Math.round(a.latencyMs) + ' ms' : '']));
      if (data.document) v.main.appendChild(renderDocument(data.document, data.knowledge, v.panel));
      else v.main.appendChild(h('div', { class: 'doc' }, [h('p', { text: 'No answer text was returned' + (a.reason ? ': ' + a.reason : '.') }), h('div', { class: 'prompt', text: a.prompt })]));
    }).catch(function (err) { fail(v.main, err); });
  }

  // Review mode: the reviewer goes through a sample of the run, marks each verdict right or gives the right one;
  // the agreement figures above the list are recomputed by the server after every label.
  function reviewPage(runId) {
    var v = shell('Review ' + runId, false);
    var reviewer = h('input', { id: 'reviewer', placeholder: 'your name', size: 20 });
    var statsBox = h('div', { class: 'box', id: 'review-stats' });
    var list = h('div', { id: 'review-list' });
    v.main.appendChild(h('p', { class: 'small' }, [h('a', { href: '#/run/' + encodeURIComponent(runId), text: '← run ' + runId })]));
    v.main.appendChild(h('label', {}, ['Reviewer ', reviewer]));
    v.main.appendChild(statsBox);
    v.main.appendChild(list);
    var fmt = function (r) { return r.n ? r.k + '/' + r.n + ' = ' + pct(r.rate) + ' [' + pct(r.low) + '–' + pct(r.high) + ']' : '–'; };
    function draw(data) {
      var st = data.stats;
      clear(statsBox).appendChild(h('p', { text: st.reviewed + ' of ' + st.answers + ' answers reviewed · agreement ' + fmt(st.agreement) }));
      statsBox.appendChild(h('p', { class: 'kappa', text: st.kappa ? "Cohen's κ " + st.kappa.value.toFixed(2) + ' [' + st.kappa.low.toFixed(2) + ', ' + st.kappa.high.toFixed(2) + ']' : "Cohen's κ: needs at least two reviewed answers" }));
      statsBox.appendChild(table(['Verdict', 'Precision', 'Recall', 'Run rate', 'Corrected'], Object.keys(st.perVerdict).map(function (o) {
        var rate = st.rates[o] || { analyzer: 0, corrected: 0 };
        return h('tr', { 'data-outcome': o }, [h('td', {}, verdictBadge(o)), h('td', { text: fmt(st.perVerdict[o].precision) }), h('td', { text: fmt(st.perVerdict[o].recall) }), h('td', { class: 'num', text: pct(rate.analyzer) }), h('td', { class: 'num', text: pct(rate.corrected) })]);
      })));
      if (!data.writable) statsBox.appendChild(h('p', { class: 'warnings', text: 'This dashboard cannot write reviews (no store file): use mouthpiece review mark.' }));
      clear(list);
      if (!data.sample.length) { list.appendChild(h('p', { class: 'empty muted', text: 'This run has no answers to review yet.' })); return; }
      data.sample.forEach(function (a) {
        var label = data.labels[a.id];
        var choice = h('select', { name: 'verdict' }, ['state_echo', 'refusal', 'deflection', 'informative', 'not_judged'].map(function (o) { return h('option', { value: o, selected: o === a.outcome ? 'selected' : null, text: VERDICT_LABEL[o] || o }); }));
        var send = function (verdict) {
          if (!reviewer.value.trim()) { reviewer.focus(); reviewer.setAttribute('aria-invalid', 'true'); return; }
          api('/api/runs/' + encodeURIComponent(runId) + '/review', { result: a.id, verdict: verdict, reviewer: reviewer.value }).then(draw).catch(function (err) { fail(list, err); });
        };
        var right = a.outcome === 'state_echo' || a.outcome === 'refusal' || a.outcome === 'deflection' || a.outcome === 'informative' || a.outcome === 'not_judged';
        list.appendChild(h('div', { class: 'box review-item' + (label ? ' reviewed' : ''), 'data-answer': a.id }, [
          h('p', {}, [h('a', { href: '#/answer/' + a.id, text: '#' + a.id }), ' · ' + a.model + ' · ', h('code', { text: a.promptId }), ' · ' + a.lang + ' · analyzer: ', verdictBadge(a.outcome),
            label ? h('span', { class: 'small muted', text: ' · reviewed: ' + (VERDICT_LABEL[label.verdict] || label.verdict) + ' by ' + label.reviewer + ' at ' + label.at }) : null]),
          a.reason ? h('p', { class: 'reason small', text: a.reason }) : null,
          h('p', { class: 'preview', text: a.preview }),
          h('p', {}, [right ? h('button', { type: 'button', class: 'mark-right', onclick: function () { send(a.outcome); } }, 'Right') : null, ' or the right verdict is ', choice, ' ',
            h('button', { type: 'button', class: 'mark-correct', onclick: function () { send(choice.value); } }, 'Correct it')]),
        ]));
      });
    }
    api('/api/runs/' + encodeURIComponent(runId) + '/review').then(draw).catch(function (err) { fail(v.main, err); });
  }

  function comparePage(params) {
    var v = shell('Compare', false);
    var q = { a: params.a, am: params.am, b: params.b, bm: params.bm, topic: params.topic, lang: params.lang, offset: params.offset || 0, limit: PAGE };
    v.main.appendChild(h('p', { class: 'muted', text: 'A: ' + params.a + ' / ' + params.am + '   ·   B: ' + params.b + ' / ' + params.bm }));
    api('/api/compare' + qs(q)).then(function (data) {
      v.main.appendChild(h('p', { text: 'Same verdict on ' + data.agree + ' of the ' + data.rows.length + ' pairs on this page.' }));
      v.main.appendChild(pager(data.total, q.offset, function (o) { go('/compare', Object.assign({}, params, { offset: o })); }));
      var side = function (x) {
        if (!x) return h('td', { class: 'muted', text: '(no answer)' });
        return h('td', {}, [h('a', { href: '#/answer/' + x.id }, verdictBadge(x.outcome)), ' ', h('span', { class: 'preview', text: x.preview || '' })]);
      };
      v.main.appendChild(table(['Prompt', 'Lang', 'A', 'B'], data.rows.map(function (r) {
        return h('tr', { class: r.b && r.a.outcome !== r.b.outcome ? 'differs' : null }, [h('td', {}, [h('code', { text: r.promptId }), h('div', { class: 'small muted', text: clip(r.prompt, 160) })]), h('td', { text: r.lang }), side(r.a), side(r.b)]);
      })));
    }).catch(function (err) { fail(v.main, err); });
  }

  function analyzePage() {
    var v = shell('Analyze a text', true);
    var prompt = h('input', { id: 'analyze-prompt', placeholder: 'The prompt (optional)', size: 60 });
    var text = h('textarea', { id: 'analyze-text', rows: 10, placeholder: 'Paste an answer or an article…' });
    var out = h('div', { id: 'analyze-out' });
    var form = h('form', { class: 'box', id: 'analyze-form' }, [prompt, text, h('button', { type: 'submit', text: 'Analyze' })]);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      clear(out).appendChild(h('p', { class: 'muted', text: 'Analyzing…' }));
      api('/api/analyze', { text: text.value, prompt: prompt.value || undefined }).then(function (data) {
        clear(out).appendChild(renderDocument(data.document, data.knowledge, v.panel));
      }).catch(function (err) { clear(out); fail(out, err); });
    });
    v.main.appendChild(form);
    v.main.appendChild(out);
  }

  // One model across the runs that include it, oldest first: rates with intervals, and what changed significantly.
  function trendPage(model) {
    var v = shell('Trend of ' + model, false);
    api('/api/trends/' + encodeURIComponent(model)).then(function (t) {
      if (!t.points.length) { v.main.appendChild(h('p', { class: 'muted', text: 'No run in this store includes ' + model + '.' })); return; }
      var shown = ['state_echo', 'refusal', 'deflection', 'informative'];
      v.main.appendChild(h('p', { class: 'small muted', text: 'Oldest run first. Rates with 95% Wilson intervals; a change from the run before is marked when Fisher\'s exact test, Holm-adjusted over the whole trend, gives p < 0.05.' }));
      v.main.appendChild(table(['Run', 'Created', 'Answers'].concat(shown.map(function (o) { return VERDICT_LABEL[o]; })), t.points.map(function (p) {
        return h('tr', { 'data-run': p.run }, [h('td', {}, h('a', { href: '#/run/' + encodeURIComponent(p.run), text: p.run })), h('td', { text: p.createdAt.slice(0, 16).replace('T', ' ') }), h('td', { class: 'num', text: String(p.n) })].concat(shown.map(function (o) {
          var r = p.rates[o];
          var c = p.change && p.change[o];
          return h('td', { 'data-outcome': o, 'data-k': String(r.k), class: c && c.significant ? 'changed' : null }, [pct(r.rate) + ' [' + pct(r.low) + '–' + pct(r.high) + ']',
            c && c.significant ? h('strong', { text: ' ' + (c.difference > 0 ? '▲ +' : '▼ ') + Math.round(c.difference * 100) + ' pts', title: 'p = ' + c.pAdjusted.toPrecision(2) + ' (Holm-adjusted)' }) : null]);
        })));
      })));
      if (t.points.length === 1) v.main.appendChild(h('p', { class: 'muted', text: 'Only one run includes this model: audit it again (a new checkpoint, the same suite) to see whether its rates move.' }));
    }).catch(function (err) { fail(v.main, err); });
  }

  function render() {
    var r = route();
    if (r.parts[0] === 'trend' && r.parts[1]) return trendPage(r.parts[1]);
    if (r.parts[0] === 'run' && r.parts[1]) runPage(r.parts[1], r.params);
    else if (r.parts[0] === 'answer' && r.parts[1]) answerPage(r.parts[1]);
    else if (r.parts[0] === 'review' && r.parts[1]) reviewPage(r.parts[1]);
    else if (r.parts[0] === 'compare') comparePage(r.params);
    else if (r.parts[0] === 'analyze') analyzePage();
    else home();
  }
  window.addEventListener('hashchange', render);
  render();
})();
`;

const DASHBOARD_CSS = String.raw`
.layout.single { grid-template-columns: minmax(0, 1fr); }
header.top { display: flex; justify-content: space-between; align-items: baseline; flex-wrap: wrap; }
header.top a { color: #fff; }
.box { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.box textarea { width: 100%; display: block; margin: 6px 0; font: inherit; }
.box input { font: inherit; }
.filters label, .box label { margin-right: 6px; }
.pager { margin: 6px 0; }
.preview { font-size: 13px; color: #444; overflow-wrap: anywhere; }
tr.differs { background: #fff6e5; }
td.changed { background: #fff6e5; }
.error { color: #a40000; }
`;

export const DASHBOARD_SCRIPT = VIEW_LIB_JS + DASHBOARD_JS;
export const DASHBOARD_STYLE = VIEW_CSS + DASHBOARD_CSS;

export const DASHBOARD_HTML = [
  '<!doctype html>',
  '<html lang="en">',
  '<head>',
  '<meta charset="utf-8">',
  '<meta name="viewport" content="width=device-width, initial-scale=1">',
  '<meta name="referrer" content="no-referrer">',
  '<title>mouthpiece dashboard</title>',
  '<link rel="stylesheet" href="/assets/app.css">',
  '</head>',
  '<body>',
  '<div id="app"></div>',
  '<script src="/assets/app.js"></script>',
  '</body>',
  '</html>',
  '',
].join('\n');
