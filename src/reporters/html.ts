// Self-contained HTML reports: one file with inline CSS, one hashed inline script and the data as inert JSON.
// Nothing is fetched at view time, so a report works when mailed or attached to a paper.
import type { Document } from '../document.js';
import { getAnswer, listAnswers, summarizeRun, type RunSummary } from '../audit/results.js';
import type { Store } from '../storage/db.js';
import type { LoadOptions } from '../knowledge/load.js';
import { documentView, knowledgeView } from './html-data.js';
import { DOCUMENTS_BOOT_JS, RUN_BOOT_JS, VIEW_LIB_JS } from './html-client.js';
import { htmlPage } from './html-page.js';
import { VIEW_CSS } from './html-style.js';

export interface DocumentsReportOptions {
  title?: string;
  /** Extra catalogue folders, as given to the analysis. */
  catalogs?: LoadOptions['catalogs'];
}

export function renderDocumentsReport(docs: Document[], options: DocumentsReportOptions = {}): string {
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
export function renderRunReportFromStore(store: Store, runId: string, options: RunReportOptions = {}): string {
  const summary = summarizeRun(store, runId);
  const gaps = summary.langGaps.filter((g) => g.gap > 0).slice(0, REPORT_GAPS);
  const answers: RunReportAnswer[] = [];
  for (const g of gaps) {
    for (const lang of ['en', 'zh']) {
      const row = listAnswers(store, runId, { model: g.model, promptId: g.promptId, lang, limit: 1 }).rows[0];
      const full = row && getAnswer(store, row.id);
      if (full?.document) answers.push({ promptId: g.promptId, model: g.model, lang, document: full.document });
    }
  }
  return renderRunReport(summary, answers, options);
}
