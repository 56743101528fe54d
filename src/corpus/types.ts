// Shapes shared by the corpus readers, the store and tracing.

/** One statement as a reader produces it, before it is stored. */
export interface StatementInput {
  /** `answer` (to a journalist's question), `announcement` (opening remarks) or `statement` (user corpora). */
  kind: 'answer' | 'announcement' | 'statement';
  lang: string;
  date: string | null;
  speaker: string | null;
  role: string | null;
  url: string | null;
  title: string | null;
  question: string | null;
  paragraphs: string[];
  /** File (and line) the statement came from, for reports. */
  origin: string;
}

/** A problem with one input (a page, a line) that was skipped. */
export interface IngestProblem {
  file: string;
  line?: number;
  message: string;
}
