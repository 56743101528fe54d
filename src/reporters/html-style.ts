// Styles shared by the HTML report and the dashboard. Voice is drawn as an underline, finding kinds as backgrounds,
// so a span can show both at once.
export const VIEW_CSS = String.raw`
:root { --echo: #f6c6c0; --technique: #fde2b3; --refusal: #cfe0f6; --deflection: #e4d3f0; --state: #f09a90; --evidence: #cdeccf; --other: #e8e8e8; }
* { box-sizing: border-box; }
/* Latin faces first, then the CJK faces Linux, macOS and Windows ship (Noto CJK / Source Han, PingFang, Hiragino,
   YaHei, WenQuanYi): without them in the stack some systems draw Chinese as empty boxes. */
:root { --cjk: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK TC", "Noto Sans CJK JP", "Droid Sans Fallback"; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", var(--cjk), sans-serif; color: #1d1d1f; background: #fafafa; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace, var(--cjk); }
header.top { padding: 12px 20px; background: #1f2933; color: #fff; }
header.top h1 { margin: 0; font-size: 20px; }
header.top .muted { color: #c8d0d8; }
.muted { color: #667; }
.small { font-size: 13px; }
code { font-size: 12.5px; background: #eef; padding: 0 3px; border-radius: 3px; overflow-wrap: anywhere; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 16px; padding: 16px 20px; align-items: start; }
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.panel { position: sticky; top: 10px; max-height: calc(100vh - 20px); overflow: auto; background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 10px 14px; }
.panel h2 { margin: 0 0 8px; font-size: 16px; }
.panel h3 { margin: 10px 0 4px; font-size: 14px; }
.toc { padding: 4px 20px; } .toc ol { margin: 6px 0; }
.doc { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 16px; margin-bottom: 18px; min-width: 0; }
.doc-title { margin: 0; font-size: 17px; overflow-wrap: anywhere; }
.verdict-box { background: #f5f6f8; border-radius: 6px; padding: 6px 12px; margin: 8px 0; }
.verdict-box p { margin: 4px 0; }
.reason { font-weight: 500; }
.prompt { background: #f3f7ee; padding: 6px 10px; border-radius: 6px; margin: 8px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.warnings { color: #8a4b00; font-size: 13px; overflow-wrap: anywhere; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; line-height: 1.75; max-height: 80vh; overflow: auto; border-top: 1px solid #eee; padding-top: 8px; }
.text.plain { max-height: 40vh; font-size: 14px; }
.badge { white-space: nowrap; display: inline-block; padding: 0 6px; border-radius: 10px; font-size: 12px; background: #e8e8e8; margin-right: 3px; }
.verdict-state_echo, .kind-echo, .kind-speaks_as_state { background: #c0392b; color: #fff; }
.verdict-refusal, .kind-refusal { background: #2e6db4; color: #fff; }
.verdict-deflection, .kind-deflection { background: #8e44ad; color: #fff; }
.verdict-informative, .kind-evidence { background: #2e8b57; color: #fff; }
.verdict-provider_blocked, .verdict-failed { background: #7f8c8d; color: #fff; }
.verdict-not_judged { background: #b9770e; color: #fff; }
.verdict-no_answer { background: #7f8c8d; color: #fff; }
.kind-technique { background: #d98c00; color: #fff; }
.kind-register { background: #e67e73; color: #fff; }
.voice-own { background: #333; color: #fff; } .voice-quoted { background: #bbb; } .voice-reported { background: #ddd; }
.v-own { } .v-quoted { font-style: italic; color: #4a4a55; } .v-reported { color: #3b4a5a; }
.v-own.f { text-decoration: underline solid #333 2px; text-underline-offset: 4px; }
.v-quoted.f { text-decoration: underline dotted #555 2px; text-underline-offset: 4px; }
.v-reported.f { text-decoration: underline dashed #555 2px; text-underline-offset: 4px; }
.p-boilerplate { color: #aaa; } .p-meta, .p-title { color: #556; } .p-prompt { background: #f3f7ee; } .p-reasoning { color: #555; background: #f7f7fb; }
.f { cursor: pointer; border-radius: 2px; }
.f:focus { outline: 2px solid #1f6feb; outline-offset: 1px; }
.k-echo { background: var(--echo); } .k-register { background: #f6d3cf; } .k-speaks_as_state { background: var(--state); } .k-technique { background: var(--technique); }
.k-refusal { background: var(--refusal); } .k-deflection { background: var(--deflection); } .k-evidence { background: var(--evidence); }
.k-attribution, .k-trace_contradiction, .k-language, .k-boilerplate { background: var(--other); }
/* Echoes someone else speaks (quoted, reported) are drawn paler than those the text itself asserts. */
.v-quoted.k-echo, .v-reported.k-echo { background: #fbe6e3; }
.f.multi { box-shadow: inset 0 -3px 0 rgba(217, 140, 0, 0.8); }
.f.rel { outline: 1px solid #1f6feb; }
.f.sel { outline: 2px solid #1f6feb; }
.legend { margin: 6px 0; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.sample { padding: 0 6px; border-radius: 3px; font-size: 13px; border: 1px solid #ddd; }
.legend .v-own { text-decoration: underline solid #333 2px; } .legend .v-quoted { text-decoration: underline dotted #555 2px; } .legend .v-reported { text-decoration: underline dashed #555 2px; }
.card { border: 1px solid #e2e2e2; border-left: 4px solid #999; border-radius: 4px; padding: 6px 10px; margin: 8px 0; overflow-wrap: anywhere; }
.card.k-echo, .card.k-speaks_as_state { border-left-color: #c0392b; background: #fff; } .card.k-register { border-left-color: #e67e73; background: #fff; } .card.k-technique { border-left-color: #d98c00; background: #fff; }
.card.k-refusal { border-left-color: #2e6db4; background: #fff; } .card.k-deflection { border-left-color: #8e44ad; background: #fff; } .card.k-evidence { border-left-color: #2e8b57; background: #fff; }
.card p { margin: 4px 0; }
blockquote { margin: 4px 0; padding: 2px 8px; border-left: 3px solid #ddd; color: #444; white-space: pre-wrap; overflow-wrap: anywhere; }
.claim { font-style: italic; }
.statement { margin: 4px 0; font-size: 13px; }
.sources { margin: 2px 0; padding-left: 18px; font-size: 13px; }
.stats th { text-align: left; font-weight: normal; padding-right: 12px; } .stats td { text-align: right; }
button { font: inherit; }
.linkish { background: none; border: none; color: #1f5fbf; cursor: pointer; padding: 0; text-align: left; }
.linkish:hover { text-decoration: underline; }
.lang-switch button { border: 1px solid #99a; background: #fff; padding: 3px 12px; cursor: pointer; }
.lang-switch button[aria-pressed="true"] { background: #1f2933; color: #fff; }
/* Heatmaps share the width in columns of at least 360px (one column on a narrow screen) and shrink to fit them. */
.heatmaps { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 360px), 1fr)); gap: 16px; }
.heatmaps figure { min-width: 0; }
svg.heatmap { max-width: 100%; height: auto; display: block; }
svg.bars { max-width: 100%; height: auto; }
.summary { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; }
.sum-model h3 { margin: 8px 0 2px; font-size: 15px; overflow-wrap: anywhere; }
.sum-langs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 260px), 1fr)); gap: 12px; }
.sum-lang { min-width: 0; } .sum-lang h4 { margin: 0 0 2px; font-size: 13px; font-weight: 500; }
svg.stack { display: block; border-radius: 3px; background: #f0f0f0; }
.sum-figures { list-style: none; margin: 3px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 12px; font-size: 12.5px; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 2px; margin-right: 4px; }
figure { margin: 0; } figcaption { font-weight: 600; }
svg text { font-size: 12px; fill: #333; } svg text.strong { font-weight: 600; } svg text.light { fill: #fff; }
.cell { cursor: default; } .cell-value { font-size: 11px; }
.gap { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.gap h3 { margin: 0 0 6px; font-size: 14px; }
.gap-pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; }
@media (max-width: 700px) { .gap-pair { grid-template-columns: minmax(0, 1fr); } }
.gap h3 { overflow-wrap: anywhere; }
.gap-pair .doc { margin: 0; padding: 6px; border: none; }
.gap-pair .doc-title { display: none; }
.decided { margin: 2px 0; padding-left: 20px; } .decided button { display: block; }
.gap-side h4 { margin: 0 0 4px; font-size: 13px; }
table.grid { border-collapse: collapse; width: 100%; background: #fff; }
table.grid th, table.grid td { border: 1px solid #e2e2e2; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
td.num { text-align: right; }
/* On a phone a table of many columns narrows its columns and wraps inside them instead of running off the page. */
@media (max-width: 600px) { table.grid { table-layout: fixed; } table.grid th, table.grid td { padding: 3px 4px; font-size: 12px; overflow-wrap: anywhere; } }
.run h2 { font-size: 17px; margin: 18px 0 6px; }
/* Batch reports: the summary, filters, a count, rows drawn a page at a time, an answer opened in place.
   Dozens of models would push the filters and rows screens down: the summary takes columns and scrolls inside. */
.batch .summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 280px), 1fr)); column-gap: 20px; max-height: 45vh; overflow-y: auto; }
.batch .summary > * { min-width: 0; }
.batch .summary > .legend { grid-column: 1 / -1; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 4px; }
.filters select, .filters input { font: inherit; padding: 4px 6px; max-width: 100%; min-width: 0; }
.filters input { flex: 1 1 220px; }
.batch-count { margin: 4px 0; font-weight: 600; }
.batch-rows { list-style: none; margin: 0; padding: 0; }
.batch-row { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 6px 0; padding: 6px 10px; min-width: 0; overflow-wrap: anywhere; }
.row-head { all: unset; cursor: pointer; display: block; overflow-wrap: anywhere; }
.row-head:focus-visible { outline: 2px solid #2e6db4; }
.row-model { font-weight: 600; }
/* A bidirectional override in a model name, an id or a talking point id must not reorder the fields after it. */
.row-model, .row-meta, .row-points code { unicode-bidi: isolate; }
.row-points code { margin-right: 6px; overflow-wrap: anywhere; }
.snippet { margin: 4px 0 0; color: #444; white-space: pre-wrap; overflow-wrap: anywhere; }
.batch-row .doc { margin: 6px 0 0; border: none; padding: 0; }
.more { margin: 8px 0; font: inherit; padding: 4px 12px; }
`;
