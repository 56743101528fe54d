// Schemas of the knowledge files (YAML under knowledge/ or a user's --catalog folder).
// Knowledge is data: adding a talking point, a speaker or a refusal phrase never needs code.
import { z } from 'zod';
import { ROLES } from '../document.js';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lower-case letters, digits, dots, dashes and underscores');
const isoDate = z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'dates are YYYY, YYYY-MM or YYYY-MM-DD');
const langList = z.array(z.string().min(1)).default([]);

/** Text per language: `en`, `zh` (Simplified; Traditional is converted on input), `ru`, … */
const perLang = z.record(z.string().regex(/^[a-z]{2,3}$/), langList);

export const FRAMINGS = [
  'denial', // the documented abuse did not happen / allegations are lies
  'euphemism', // official name adopted as fact ("vocational training centres")
  'attack_critics', // critics are "anti-China forces", "smears", liars
  'whataboutism', // the West does it too / double standards
  'sovereignty', // "internal affairs", no interference, territorial integrity
  'praise', // the Party/government's achievements, stability, happiness
  'security', // counter-terrorism, stability, extremism justify the measures
  'official_sources', // go to official sources / on-site visits
  'historical_claim', // "since ancient times", "inalienable part"
  'legal_justification', // "in accordance with law", rule of law framing
  'speaks_as_state', // "we", "our country" written as the state
] as const;

export const talkingPointSchema = z
  .object({
    id,
    state: z.string().regex(/^[A-Z]{2}$/, 'state is an ISO 3166 alpha-2 code such as CN'),
    topic: id,
    claim: z.string().min(10),
    framing: z.enum(FRAMINGS),
    /** Set phrases and sentences in which the line is spoken. */
    phrasings: perLang,
    /**
     * Words that make a phrasing an echo rather than a neutral mention. When given, a phrasing only
     * counts where one of these occurs in the same sentence (a phrasing that contains one counts by itself).
     */
    markers: perLang.optional(),
    /** How much an own-voice echo of this point weighs in the verdict (1 = ordinary, 2 = carries an answer alone). */
    weight: z.number().min(0.1).max(3).default(1),
    provenance: z
      .array(
        z.object({
          date: isoDate,
          speaker: z.string().min(2),
          source: z.string().min(2),
          url: z.string().url(),
          quote: z.string().optional(),
        }),
      )
      .min(1, 'every talking point needs at least one dated official statement'),
    evidence: z.array(id).default([]),
    notes: z.string().optional(),
  })
  .strict();
export type TalkingPoint = z.infer<typeof talkingPointSchema>;

export const evidenceSchema = z
  .object({
    id,
    state: z.string().regex(/^[A-Z]{2}$/),
    topic: id,
    title: z.string().min(5),
    summary: z.string().min(20),
    date: isoDate.optional(),
    sources: z
      .array(
        z.object({
          publisher: z.string().min(2),
          date: isoDate.optional(),
          url: z.string().url().optional(),
          document: z.string().optional(),
          title: z.string().optional(),
        }),
      )
      .min(1),
    /** Terms whose mention shows a text engages with this evidence (an informative signal). */
    keywords: perLang.default({}),
  })
  .strict();
export type Evidence = z.infer<typeof evidenceSchema>;

export const speakerSchema = z
  .object({
    id,
    name: z.string().min(2),
    names: perLang.default({}),
    aliases: z.array(z.string().min(2)).default([]),
    role: z.enum(ROLES),
    /** The state the speaker speaks for or about (CN, US, RU…). */
    state: z.string().regex(/^[A-Z]{2}$/).optional(),
    title: z.string().optional(),
    kind: z.enum(['person', 'organisation', 'outlet', 'government']).default('person'),
    notes: z.string().optional(),
  })
  .strict();
export type SpeakerEntry = z.infer<typeof speakerSchema>;

export const glossarySchema = z
  .object({
    /** The phrasings in each language; one side may be empty for a word that has no counterpart (我国 is not "our country" in an English text about the EU). */
    en: z.array(z.string().min(1)).default([]),
    zh: z.array(z.string().min(1)).default([]),
    kind: z.enum(['name', 'place', 'organisation', 'euphemism', 'term']).default('term'),
    /**
     * The state a place, body or official term belongs to (ISO 3166 alpha-2, `EU` for the Union): a text
     * that names it is about that state. Places and euphemisms without it belong to CN.
     */
    state: z.string().regex(/^[A-Z]{2}$/, 'state is an ISO 3166 alpha-2 code such as CN').optional(),
    /**
     * The state whose contested topics a person, movement or group belongs to (the Dalai Lama, Falun Gong, Liu Xiaobo:
     * CN): a text that names it is about that state's line, whose echoes then count there; a question that names it
     * alone is not yet a question about the state itself.
     */
    about: z.string().regex(/^[A-Z]{2}$/, 'about is an ISO 3166 alpha-2 code such as CN').optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((g) => g.en.length + g.zh.length > 0, { message: 'a glossary entry needs a phrasing in English or Chinese' });
export type GlossaryEntry = z.infer<typeof glossarySchema>;

/** A lexicon: named lists of patterns per language (regular expressions, matched case-insensitively). */
export const lexiconEntrySchema = z
  .object({
    id,
    /** What a match means, shown to users (e.g. the SemEval technique definition). */
    label: z.string().min(2),
    definition: z.string().optional(),
    patterns: perLang,
    weight: z.number().default(1),
  })
  .strict();
export type LexiconEntry = z.infer<typeof lexiconEntrySchema>;

export const lexiconFileSchema = z
  .object({
    lexicon: id,
    description: z.string().optional(),
    entries: z.array(lexiconEntrySchema),
  })
  .strict();

export const roleCueSchema = z
  .object({
    role: z.enum(ROLES),
    /** Title words that give the role of an unknown name ("spokesperson", "researcher", "发言人"…). */
    cues: perLang,
  })
  .strict();

export const talkingPointFileSchema = z.object({ talkingPoints: z.array(talkingPointSchema) }).strict();
export const evidenceFileSchema = z.object({ evidence: z.array(evidenceSchema) }).strict();
export const speakerFileSchema = z.object({ speakers: z.array(speakerSchema) }).strict();
export const glossaryFileSchema = z.object({ glossary: z.array(glossarySchema) }).strict();
export const roleCueFileSchema = z.object({ roles: z.array(roleCueSchema) }).strict();

/** Which schema a knowledge file follows, from its top-level key. */
export const FILE_SCHEMAS = {
  talkingPoints: talkingPointFileSchema,
  evidence: evidenceFileSchema,
  speakers: speakerFileSchema,
  glossary: glossaryFileSchema,
  lexicon: lexiconFileSchema,
  roles: roleCueFileSchema,
} as const;
