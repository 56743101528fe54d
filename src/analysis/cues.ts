// The voice step's regexes — reporting verbs, source frames ("according to", 据…报道), positions — compiled once
// per catalogue from its `voice` lexicon, with the gate that tells which sentences may hold them (see CueGate).
import type { Knowledge } from '../knowledge/load.js';
import { escapeRegExp } from '../knowledge/match.js';
import { leadingLiterals, requiredRun } from './literals.js';
import { isHan } from './text.js';

/** The regexes of the voice step, compiled once per catalogue (see compileKnowledge). */
export interface VerbRegexes {
  /** Which sentences may hold a reporting verb, a source frame or a state's position (see cueGate). */
  gate: CueGate;
  en: RegExp;
  clausal: RegExp;
  zh: RegExp;
  accordingEn: RegExp;
  accordingZh: RegExp;
  /** Whether a sentence holds a literal every Chinese source-frame pattern needs (see literalGate). */
  mayCiteZh: (text: string) => boolean;
  speech: Set<string>;
}

/** Reporting-verb patterns of a catalogue (its `voice` lexicon). */
export function compileVerbs(knowledge: Pick<Knowledge, 'lexicons'>): VerbRegexes {
  const entries = knowledge.lexicons.voice ?? [];
  const words = (id: string, lang: string) => entries.find((e) => e.id === id)?.patterns[lang] ?? [];
  // Case-sensitive: "the United States" is not a speaker "United" who "states".
  const en = new RegExp(`\\b(${words('reporting-verb', 'en').map(escapeRegExp).join('|')})\\b`, 'g');
  // "maintains that", "describes the camps as", "denied:": these verbs report only with a clause after them.
  const clausal = new RegExp(`\\b(${words('reporting-verb-clausal', 'en').map(escapeRegExp).join('|')})\\b(?=${CLAUSE_AFTER})`, 'g');
  const zh = new RegExp(`(${words('reporting-verb', 'zh').map(escapeRegExp).join('|')})`, 'g');
  const accordingEn = new RegExp(`\\b(${words('according-to', 'en').join('|')})\\b`, 'gi');
  const accordingZh = new RegExp(`(${words('according-to', 'zh').join('|')})`, 'g');
  const alternatives = (id: string) => words(id, 'en').map(escapeRegExp).join('|');
  return {
    gate: cueGate(alternatives('reporting-verb'), alternatives('reporting-verb-clausal'), words('according-to', 'en')),
    en,
    clausal,
    zh,
    accordingEn,
    accordingZh,
    mayCiteZh: literalGate(words('according-to', 'zh')),
    speech: new Set(words('reporting-verb', 'en')),
  };
}

/**
 * One scan of the document in place of three regexes run on every sentence (most sentences hold none
 * of their words). Each of the English regexes — reporting verbs, "according to" frames and
 * GENERIC_STATE_EN — can only match in a sentence where, at a word boundary of that sentence, its
 * cue starts: a verb, a source frame, or a position word (GENERIC_STATE_EN's noun follows a space
 * inside its match). `starts` finds every such place in the document (any case: a superset of the
 * case-sensitive verbs), tried only where the document's literal pass found one of its `leads`, and the
 * sticky regexes tell which cue starts there, with the boundary and clause the sentence regexes ask after
 * it. Those read the same in the document as in the sentence unless the sentence starts or ends inside a
 * word: its first character is then tried on its own, and a sentence ending inside a word is tried for
 * every cue.
 */
export interface CueGate {
  starts: RegExp;
  /**
   * The literals (lower case) one of which every match of `starts` begins with (see leadingLiterals), or undefined:
   * the document's one literal pass then says where `starts` need be tried.
   */
  leads?: string[];
  verb: RegExp;
  source: RegExp;
  position: RegExp;
  /** False when the source frames hold assertions or back-references (a user catalogue's): every sentence is then tried for them. */
  sourceGated: boolean;
}

/**
 * Whether a reporting verb's word at `index` in `text` does not report anyone's speech there, so that the name before
 * it is not taken for a speaker. Words that are also plural nouns ("EU member states:", "post-Soviet states'
 * elections", "Affected states have adopted", "China's claims in the sea") read as the noun after a possessive, a
 * determiner, a preposition, a number in words or a word that only modifies nouns; with a possessive apostrophe of
 * their own; or before what follows a plural subject (have, are, would…). "Article 35 states" is the verb. A base form
 * after a first or second person ("I would argue") is the author's own; after "some" or "many" ("what some
 * describe as") it is nobody's in particular.
 */
export function notReporting(text: string, index: number, word: string): boolean {
  const before24 = text.slice(Math.max(0, index - 24), index);
  if (UNNAMED_SUBJECT.test(before24) || (BASE_FORMS.has(word) && FIRST_OR_SECOND.test(before24))) return true;
  // "it is important to note that", "worth highlighting": the author's own remark.
  if (AUTHOR_REMARKS.has(word) && /(^|[^A-Za-z])(to|one (must|should|can|could|might))\s+$/.test(before24)) return true;
  if (!PLURAL_NOUNS.has(word)) return false;
  const after = text.slice(index + word.length, index + word.length + 24);
  if (/^['’](?![A-Za-z])/.test(after) || NOUN_FOLLOWER.test(after)) return true;
  // "China's claims that the camps are schools": the claim's content is still the claimant's.
  if (word !== 'states' && /^\s*(that\b|[:"“])/.test(after)) return false;
  const window = text.slice(Math.max(0, index - 40), index);
  const before = /([A-Za-z0-9'’-]+)\s+$/.exec(window);
  if (!before || (word === 'claim' && before[1] === 'to')) return false;
  // A possessive ("China's claims"); a closing quotation mark after s ("The ‘Global Times’ states") is none.
  const possessive = /['’]s$/.test(before[1]) || /s'$/.test(before[1]) || (/s’$/.test(before[1]) && !window.includes('‘'));
  return possessive || NOUN_DETERMINER.test(before[1]) || NOUN_MODIFIER.test(before[1]);
}

/** Base forms of reporting verbs, and what before them makes them the author's own ("I would argue"). */
const BASE_FORMS = new Set(['say', 'insist', 'maintain', 'believe', 'consider', 'deny', 'argue', 'assert', 'contend', 'allege', 'warn', 'testify', 'declare', 'announce', 'reiterate', 'affirm', 'note', 'describe', 'claim', 'acknowledge', 'highlight', 'observe']);
const FIRST_OR_SECOND = /(^|[^A-Za-z'’])(?<!\b(have|has|had|make|makes|let|lets) )(I|we|you)((['’](d|ll))| (would|might|could|can|will|should|must|do|cannot))?( (also|again|just|simply|now|still))?\s+$/;
/** Verbs of the author's own remarks after "to" or "one must" ("it is important to note that"). */
const AUTHOR_REMARKS = new Set(['note', 'highlight', 'acknowledge', 'observe']);
/** "what some describe as": the speakers are left unnamed, and no name further back is theirs ("China and others say" names China). */
const UNNAMED_SUBJECT = /(^|[,;:(]\s*|\b(what|that|which|as|while|but|though|although|where)\s+)(some|many|others|several)\s+$/i;
const PLURAL_NOUNS = new Set(['states', 'claims', 'claim', 'note', 'reply', 'answer', 'replies', 'answers', 'counters', 'stresses', 'notes', 'views', 'calls', 'regards', 'frames', 'urges', 'praises']);
/** What follows a plural subject or ends a noun phrase, not what follows a reporting verb. */
const NOUN_FOLLOWER = /^\s+(have|had|are|were|do|did|would|could|should|must|will|may|might|can|cannot|need|remain(ed)?|continue[ds]?|agreed|clashed|disagree[ds]?|differ(ed)?|face[ds]?|and|or|regarding|about|against|of|such as|like|including|in (the )?(region|area|world))\b/;
/** Words a verb never follows and a noun may: determiners, quantifiers, numbers in words, prepositions (any case). */
const NOUN_DETERMINER =
  /^(a|an|the|these|those|such|its|their|his|her|our|your|my|many|some|several|other|all|both|most|few|fewer|more|no|various|numerous|two|three|four|five|six|seven|eight|nine|ten|dozens|among|amongst|between|across|with|within|of|in|into|from|against|by|for|on|to)$/i;
/** Adjectives and nouns that modify "states" and "claims" (as written: "The Independent states" is a newspaper's verb). */
const NOUN_MODIFIER =
  /^(member|nation|city|client|vassal|satellite|buffer|rogue|island|frontline|front-line|border|successor|target|affected|allied|neighbou?ring|sovereign|independent|individual|small|smaller|weak|weaker|failed|fragile|developing|transit|coastal|territorial|maritime|sovereignty|competing|overlapping|rival|conflicting|false|baseless|unfounded|unsubstantiated|unverified|dubious|historical|frontier|participating|partner|non-aligned|post-Soviet|Soviet|Baltic|Gulf|Arab|Muslim|Islamic|Nordic|Balkan|Pacific|European|African|Asian|Caribbean|Mediterranean|Chinese|Japanese|Russian|Vietnamese|Philippine|Western|Eastern|Northern|Southern|Central|western|eastern|northern|southern|central)$/;

/** What a clausal reporting verb needs after it: "maintains that", "denied:", "describes the camps as". */
const CLAUSE_AFTER = `\\s+(?:that|how|whether)\\b|\\s*[:,"“]|\\s+(?:[\\w'’-]+\\s+){0,6}as\\b`;

const POSITION_WORDS = 'position|view|perspective|stance|narrative|account|line|response|explanation|claims?|framing';

function cueGate(verbs: string, clausalVerbs: string, sources: string[]): CueGate {
  // A lookaround, boundary or anchor inside a frame may judge differently at a sentence's end than in the document.
  const sourceGated = sources.length > 0 && !sources.some((p) => /\\[bBk1-9]|\(\?<?[=!]|[$^]/.test(p));
  const never = '(?!)';
  const verb = verbs || never;
  const clausal = clausalVerbs || never;
  const source = sourceGated ? sources.map((p) => `(?:${p})`).join('|') : never;
  const cues = `${verb}|${clausal}|${source}|${POSITION_WORDS}`;
  return {
    starts: new RegExp(`\\b(?:${cues})`, 'gi'),
    leads: leadingLiterals(cues),
    // What the sentence regexes ask after the cue, too: it reads the same in the document as in a sentence that does not end inside a word.
    verb: new RegExp(`(?:${verb})\\b|(?:${clausal})\\b(?=${CLAUSE_AFTER})`, 'y'),
    source: new RegExp(`(?:${source})\\b`, 'iy'),
    position: new RegExp(`(?:${POSITION_WORDS})\\b`, 'iy'),
    sourceGated,
  };
}

/**
 * A quick test that rules sentences out before a regex runs. Patterns that start with a wildcard
 * ("(.{1,12})方面(表示|称|认为)") are tried at every position of every sentence; each needs its longest
 * plain run of Han characters ("方面"), so a sentence with none of those runs cannot match. Patterns
 * without such a run make the gate always open.
 */
function literalGate(patterns: string[]): (text: string) => boolean {
  const needed: string[] = [];
  for (const p of patterns) {
    const literal = requiredRun(p, isHan);
    if (!literal) return () => true;
    needed.push(literal);
  }
  return (text) => needed.some((n) => text.includes(n));
}
