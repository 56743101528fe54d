// Self-contained HTML reports: one file with inline CSS, one hashed inline script and the data as inert JSON.
// Nothing is fetched at view time, so a report works when mailed or attached to a paper.
import type { Document } from '../document.js';
import { getAnswer, listAnswers, summarizeRun, type RunSummary } from '../audit/results.js';
import type { Sql } from '../storage/sql.js';
import type { LoadOptions } from '../knowledge/load.js';
import { documentView, knowledgeView, type DocumentView } from './html-data.js';
import { BATCH_BOOT_JS, DOCUMENTS_BOOT_JS, RUN_BOOT_JS, VIEW_LIB_JS } from './html-client.js';
import { isNoAnswer, isNotJudged, NO_ANSWER, NOT_JUDGED } from '../analysis/languages.js';
import { htmlPage } from './html-page.js';
import { VIEW_CSS } from './html-style.js';

export interface DocumentsReportOptions {
  title?: string;
  /** Extra catalogue folders, as given to the analysis. */
  catalogs?: LoadOptions['catalogs'];
  /** Batch reports: embed every answer's full text, not only the flagged answers' (see BatchReport). */
  fullText?: boolean;
}

/** Above this many documents a report becomes a batch report: a filterable table, documents opened on demand. */
export const BATCH_FROM = 50;
/** Up to this much text a batch report embeds every answer whole; beyond it, only the flagged answers. */
export const BATCH_TEXT_BUDGET = 3 * 1024 * 1024;
/** How much of an answer a batch report shows when it does not embed the whole text. */
export const SNIPPET = 200;
/** Findings that make an informative answer worth reading in full (techniques and register are too common alone). */
const NOTABLE = new Set(['speaks_as_state', 'trace_contradiction']);

type Row = [id: string, model: number, lang: number, outcome: number, points: number[], reason: number, snippet: string | null, view: number];

/**
 * A report of thousands of answers that stays small and opens at once: one compact row per answer (model, language,
 * outcome, talking points and reason as indexes into shared tables), filtered and searched in the page and drawn a
 * page at a time; the annotated span view is built when an answer is opened. Every answer that is not plainly
 * informative (an echo, a refusal, a deflection, no verdict) or that echoes a talking point in its own voice, speaks as
 * the state or contradicts its own reasoning is embedded whole; the rest keep their first characters unless the
 * whole batch fits the text budget or `fullText` asks for everything. Documents are added one at a time, so a batch is never held whole in memory.
 */
export class BatchReport {
  private readonly tables = { models: new Map<string, number>(), langs: new Map<string, number>(), outcomes: new Map<string, number>(), points: new Map<string, number>(), reasons: new Map<string, number>() };
  private readonly rows: Row[] = [];
  private readonly views: DocumentView[] = [];
  /** Views of plain informative answers, kept while the batch still fits the text budget. */
  private plain: { row: Row; view: DocumentView }[] | null = [];
  private plainText = 0;
  private count = 0;
  /** The first documents, for a report small enough to show them all as they are. */
  private readonly first: Document[] = [];

  constructor(private readonly options: DocumentsReportOptions = {}) {}

  private index(table: Map<string, number>, key: string): number {
    let i = table.get(key);
    if (i === undefined) table.set(key, (i = table.size));
    return i;
  }

  add(doc: Document): void {
    this.count++;
    if (this.count <= BATCH_FROM) this.first.push(doc);
    const view = documentView(doc);
    const outcome = doc.kind === 'article' ? 'article' : (doc.verdict ?? (isNoAnswer(doc) ? NO_ANSWER : isNotJudged(doc) ? NOT_JUDGED : 'none'));
    const points = [...new Set(doc.findings.filter((f) => f.kind === 'echo' && f.voice === 'own' && f.talkingPoint).map((f) => f.talkingPoint!.id))];
    const row: Row = [
      doc.id,
      this.index(this.tables.models, doc.model ?? '(no model)'),
      this.index(this.tables.langs, doc.lang || 'und'),
      this.index(this.tables.outcomes, outcome),
      points.map((p) => this.index(this.tables.points, p)),
      this.index(this.tables.reasons, doc.reason ?? ''),
      doc.text.length > SNIPPET ? doc.text.slice(0, SNIPPET) : doc.text,
      -1,
    ];
    this.rows.push(row);
    const notable = outcome !== 'informative' || points.length > 0 || doc.findings.some((f) => NOTABLE.has(f.kind));
    if (notable || this.options.fullText) return this.embed(row, view);
    if (this.plain) {
      this.plain.push({ row, view });
      this.plainText += doc.text.length;
      // Over the budget: the plain answers keep their snippets only, and no more are kept.
      if (this.plainText > BATCH_TEXT_BUDGET) this.plain = null;
    }
  }

  private embed(row: Row, view: DocumentView): void {
    row[7] = this.views.length;
    if (view.text.length <= SNIPPET) row[6] = null; // the view holds the text
    this.views.push(view);
  }

  render(): string {
    if (this.count <= BATCH_FROM) return renderDocumentsReport(this.first, this.options);
    const all = !!this.plain || !!this.options.fullText;
    for (const { row, view } of this.plain ?? []) this.embed(row, view);
    const keys = (m: Map<string, number>) => [...m.keys()];
    const title = this.options.title ?? `mouthpiece: ${this.count} documents`;
    return htmlPage({
      title,
      css: VIEW_CSS,
      script: VIEW_LIB_JS + BATCH_BOOT_JS,
      data: {
        title,
        generated: new Date().toISOString(),
        batch: {
          models: keys(this.tables.models),
          langs: keys(this.tables.langs),
          outcomes: keys(this.tables.outcomes),
          points: keys(this.tables.points),
          reasons: keys(this.tables.reasons),
          rows: this.rows,
          allText: all,
          snippet: SNIPPET,
        },
        docs: this.views,
        knowledge: knowledgeView(this.views, { catalogs: this.options.catalogs }),
      },
    });
  }
}

export function renderDocumentsReport(docs: Document[], options: DocumentsReportOptions = {}): string {
  if (docs.length > BATCH_FROM) {
    const batch = new BatchReport(options);
    for (const doc of docs) batch.add(doc);
    return batch.render();
  }
  const title = options.title ?? (docs.length === 1 ? `mouthpiece: ${docs[0].title ?? docs[0].source}` : `mouthpiece: ${docs.length} documents`);
  return htmlPage({
    title,
    css: VIEW_CSS,
    script: VIEW_LIB_JS + DOCUMENTS_BOOT_JS,
    data: {
      title,
      generated: new Date().toISOString(),
      docs: docs.map(documentView),
      knowledge: knowledgeView(docs, { catalogs: options.catalogs }),
    },
  });
}

/** An answer the run report shows annotated beside its other-language twin. */
export interface RunReportAnswer {
  promptId: string;
  model: string;
  lang: string;
  document: Document;
}

export interface RunReportOptions {
  title?: string;
  catalogs?: LoadOptions['catalogs'];
}

export function renderRunReport(summary: RunSummary, answers: RunReportAnswer[] = [], options: RunReportOptions = {}): string {
  const title = options.title ?? `mouthpiece audit: ${summary.run}`;
  const docs = answers.map((a) => a.document);
  const gapDocs: Record<string, number> = {};
  answers.forEach((a, i) => {
    gapDocs[`${a.promptId}|${a.model}|${a.lang.startsWith('zh') ? 'zh' : a.lang}`] = i;
  });
  return htmlPage({
    title,
    css: VIEW_CSS,
    script: VIEW_LIB_JS + RUN_BOOT_JS,
    data: {
      title,
      generated: new Date().toISOString(),
      summary,
      docs: docs.map(documentView),
      gapDocs,
      knowledge: knowledgeView(docs, { catalogs: options.catalogs }),
    },
  });
}

/** How many language gaps the run report shows side by side (each with both answers annotated). */
export const REPORT_GAPS = 12;

/** Reads a run from the store and renders its report, with the answers of the biggest language gaps annotated. */
export async function renderRunReportFromStore(store: Sql, runId: string, options: RunReportOptions = {}): Promise<string> {
  const summary = await summarizeRun(store, runId);
  const gaps = summary.langGaps.filter((g) => g.gap > 0).slice(0, REPORT_GAPS);
  const answers: RunReportAnswer[] = [];
  for (const g of gaps) {
    for (const lang of ['en', 'zh']) {
      const row = (await listAnswers(store, runId, { model: g.model, promptId: g.promptId, lang, limit: 1 })).rows[0];
      const full = row && (await getAnswer(store, row.id));
      if (full?.document) answers.push({ promptId: g.promptId, model: g.model, lang, document: full.document });
    }
  }
  return renderRunReport(summary, answers, options);
}
