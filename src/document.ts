// The one document model every step shares (after unified/vfile): a document keeps its original
// text, and every segment, quote and finding points into that text by UTF-16 code-unit offsets.

export const VOICES = ['own', 'quoted', 'reported'] as const;
export type Voice = (typeof VOICES)[number];

export const ROLES = [
  'state_official',
  'state_media',
  'researcher',
  'activist',
  'journalist',
  'foreign_official',
  'international_org',
  'anonymous',
  'unknown',
] as const;
export type Role = (typeof ROLES)[number];

export const VERDICTS = ['state_echo', 'refusal', 'deflection', 'informative'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** How the author stands toward a span that matches the official line. Only `asserted` own-voice echoes count toward `state_echo`. */
export type Stance = 'asserted' | 'negated' | 'distanced' | 'satirical';

export type PartKind = 'title' | 'meta' | 'prompt' | 'answer' | 'reasoning' | 'body' | 'boilerplate';

/** A region of the text: a chat turn, an article body, a reasoning trace, or scraping debris to skip. */
export interface Part {
  kind: PartKind;
  start: number;
  end: number;
  /** Turn number for chat transcripts (0-based), so multi-turn answers can be told apart. */
  turn?: number;
}

export interface Speaker {
  name: string;
  role: Role;
  /** Gazetteer id when the speaker is known. */
  id?: string;
}

export interface Segment {
  start: number;
  end: number;
  text: string;
  lang: string;
  /** Index into document.parts. */
  part: number;
  paragraph: number;
  voice: Voice;
  speaker?: Speaker;
}

export interface Quote {
  start: number;
  end: number;
  /** Offsets of the quoted content, without the marks. */
  innerStart: number;
  innerEnd: number;
  open: string;
  close: string | null;
  /** A short unattributed term in quotes ("scare quotes"): the author's own voice still speaks around it. */
  term: boolean;
  speaker?: Speaker;
}

export const FINDING_KINDS = [
  'echo',
  'register',
  'technique',
  'refusal',
  'deflection',
  'speaks_as_state',
  'evidence',
  'attribution',
  'speaker',
  'substance',
  'first_person',
  'trace_contradiction',
  'language',
  'boilerplate',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface TalkingPointRef {
  id: string;
  /** The state whose line it is (ISO code, e.g. CN). */
  state: string;
  topic: string;
  claim: string;
  framing: string;
  /** The catalogue phrasing that matched. */
  phrasing: string;
  /** 0..1 share of the phrasing's weight found in the text. */
  score: number;
}

export interface ProvenanceRef {
  earliest?: StatementRef;
  mostSimilar?: StatementRef;
  /** How many statements in the corpus repeat the phrasing. */
  repeats: number;
}

export interface StatementRef {
  id: number;
  date: string | null;
  speaker: string | null;
  url: string | null;
  lang: string;
  text: string;
  score: number;
}

export interface Finding {
  kind: FindingKind;
  start: number;
  end: number;
  text: string;
  voice: Voice;
  /** Which part of the document the finding lies in (answer, reasoning, body…). */
  part: PartKind;
  /** One line a person can read: what was found and why. */
  message: string;
  lang?: string;
  speaker?: Speaker;
  stance?: Stance;
  talkingPoint?: TalkingPointRef;
  /** SemEval-2023 Task 3 technique name. */
  technique?: string;
  evidence?: { id: string; title: string };
  provenance?: ProvenanceRef;
  /** Weight this finding carries in the verdict. */
  weight?: number;
}

export interface VoiceStats {
  ownEchoes: number;
  quotedEchoes: number;
  reportedEchoes: number;
  echoesByRole: Partial<Record<Role, number>>;
  segmentsByVoice: Record<Voice, number>;
}

export interface Document {
  id: string;
  /** Path or batch-item id the document came from. */
  source: string;
  /** What the reader recognised: chat transcript, single answer, article… */
  format: string;
  /** `answer` documents get a verdict; `article` documents get per-voice statistics. */
  kind: 'answer' | 'article';
  text: string;
  lang: string;
  model?: string;
  title?: string;
  prompt?: string;
  parts: Part[];
  segments: Segment[];
  quotes: Quote[];
  findings: Finding[];
  verdict: Verdict | null;
  reason: string | null;
  /** Indexes into findings of those that decided the verdict. */
  decidedBy: number[];
  stats: VoiceStats | null;
  /** Problems met while reading (skipped lines, converted encodings…), for the report. */
  warnings: string[];
}

export function newDocument(init: Pick<Document, 'id' | 'source' | 'format' | 'kind' | 'text'> & Partial<Document>): Document {
  return {
    lang: 'und',
    parts: [{ kind: init.kind === 'answer' ? 'answer' : 'body', start: 0, end: init.text.length }],
    segments: [],
    quotes: [],
    findings: [],
    verdict: null,
    reason: null,
    decidedBy: [],
    stats: null,
    warnings: [],
    ...init,
  };
}
