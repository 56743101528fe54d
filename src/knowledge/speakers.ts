// The gazetteer index: finds mentions of known speakers and guesses the role of unknown ones from
// title words ("a Beijing-based diplomat", "researchers", "外交部发言人").
import type { Role, Speaker } from '../document.js';
import type { Knowledge } from './load.js';
import { PhraseFinder, type WordStarts } from './phrases.js';

export interface SpeakerMention {
  start: number;
  end: number;
  speaker: Speaker;
  /** True for mentions of a state or government as a whole ("Beijing", "中方"), not a person. */
  collective: boolean;
}

export interface SpeakerIndex {
  names: PhraseFinder<{ speaker: Speaker; collective: boolean }>;
  /** Title words by role; the order of roles in the data decides ties. */
  cues: PhraseFinder<{ role: Role; rank: number }>;
}

/** Lower-case cue words also match capitalised at the start of a sentence ("Activists say…"). */
const withCapital = (cue: string) => (/^\p{Ll}/u.test(cue) ? [cue, cue[0].toUpperCase() + cue.slice(1)] : [cue]);

export function buildSpeakerIndex(k: Pick<Knowledge, 'speakers' | 'roleCues'>): SpeakerIndex {
  const names: [string, { speaker: Speaker; collective: boolean }][] = [];
  for (const s of k.speakers) {
    const speaker: Speaker = { name: s.name, role: s.role, id: s.id };
    const collective = s.kind === 'government' || s.kind === 'organisation' || s.kind === 'outlet';
    for (const n of [s.name, ...s.aliases, ...Object.values(s.names).flat()]) names.push([n, { speaker, collective }]);
  }
  const cues = k.roleCues.flatMap((r, rank) => Object.values(r.cues).flat().flatMap(withCapital).map((c): [string, { role: Role; rank: number }] => [c, { role: r.role, rank }]));
  return { names: new PhraseFinder(names), cues: new PhraseFinder(cues) };
}

/** Known speakers mentioned in text[from, to). */
export function findSpeakerMentions(index: SpeakerIndex, text: string, from: number, to: number, starts?: WordStarts): SpeakerMention[] {
  return index.names.find(text, from, to, starts).map((h) => ({ start: h.start, end: h.end, speaker: h.value.speaker, collective: h.value.collective }));
}

/** The role a phrase's title words point to, or undefined. Order in the data decides ties. */
export function roleFromCues(index: SpeakerIndex, phrase: string): Role | undefined {
  const hits = index.cues.find(phrase);
  if (!hits.length) return undefined;
  return hits.reduce((a, b) => (b.value.rank < a.value.rank ? b : a)).value.role;
}

/** Title-only mentions ("the spokesperson", "Activists", "知情人士") in text[from, to). */
export function findCueMentions(index: SpeakerIndex, text: string, from: number, to: number, starts?: WordStarts): SpeakerMention[] {
  return index.cues.find(text, from, to, starts).map((h) => ({ start: h.start, end: h.end, speaker: { name: h.phrase, role: h.value.role }, collective: true }));
}

/**
 * Each name the gazetteer knows (English name, aliases, names in other languages) mapped to the speaker's one
 * display name, so "耿爽" and "Geng Shuang" count as one person. Only people: a bare alias such as "Geng" is a
 * whole-name match here, never a substring.
 */
export function speakerCanonicalNames(k: Pick<Knowledge, 'speakers'>): Map<string, string> {
  return new Map([...speakerIdentities(k)].map(([n, who]) => [n, who.name]));
}

/** Every name, alias and other-language name of the gazetteer → the person's id and canonical name. */
export function speakerIdentities(k: Pick<Knowledge, 'speakers'>): Map<string, { id: string; name: string }> {
  const out = new Map<string, { id: string; name: string }>();
  for (const s of k.speakers) {
    for (const n of [s.name, ...s.aliases, ...Object.values(s.names).flat()]) if (!out.has(n)) out.set(n, { id: s.id, name: s.name });
  }
  return out;
}
