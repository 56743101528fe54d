// Language per sentence: English and Chinese are told apart by script and function words; Japanese and Korean
// by their scripts; other languages go to the n-gram detector, which must still see them when the text is short
// and terse. The sentences are the kind chatbots write: answers, refusals, markdown headings and list items.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newDocument } from '../../src/document.js';
import { answerLanguage, isNotJudged, languageName } from '../../src/analysis/languages.js';
import { analyzeAnswer, analyzeDocument } from '../../src/analysis/pipeline.js';
import { detectLang, detectLangIn, holdsLinks, ngramDetector, ngramDetectorLoaded } from '../../src/analysis/text.js';
import { catalogueWithRefusals } from './refusal-catalogue.js';

const cases: [string, string][] = [
  // English, including terse headlines, markdown, and foreign names and places.
  ['en', 'The claims about Uyghurs being persecuted in Xinjiang are not true.'],
  ['en', 'Leaked files offer rare look inside Xinjiang’s detention system'],
  ['en', 'UN report finds abuses inside Xinjiang detention camps'],
  ['en', 'Best practices generally emphasise de-escalation, proportionality and accountability.'],
  ['en', 'Scattering strength goes roughly as 1/λ⁴, so short wavelengths scatter more than red ones.'],
  ['en', "I'm sorry, but I can't help with that."],
  ['en', 'Yes, it is.'],
  ['en', '1. **Mass detention**: researchers estimate that up to a million Uyghurs were held in camps.'],
  ['en', '- Ilham Tohti, a Uyghur economist, was sentenced to life in prison in 2014.'],
  ['en', 'Protests broke out in Ürümqi and Hotan after the fire.'],
  ['en', 'Ursula von der Leyen criticised China over the sanctions on European lawmakers.'],
  ['en', 'Le Monde and Der Spiegel reported that the camps had expanded since 2017.'],
  ['en', 'Gulbahar Haitiwaji and Mihrigul Tursun have described forced sterilisation and torture.'],
  ['en', 'Yang Jiechi and Wang Yi met Blinken in Anchorage; see https://www.state.gov/secretary-blinken-and-national-security-advisor-sullivan for the transcript.'],
  ['en', 'Han Chinese migration to Xinjiang increased sharply after 1949.'],
  ['en', 'Benny Tai and Joshua Wong were among the activists jailed.'],
  // Chinese, Simplified and Traditional, with English acronyms and names.
  ['zh', '新疆的职业技能教育培训中心是预防性反恐措施。'],
  ['zh', '所謂「集中營」的說法純屬謊言。'],
  ['zh', '据BBC报道，华春莹表示这是谣言。'],
  ['zh', '根据CNN、BBC和AP的报道，2022年5月泄露的“新疆警察文件”（Xinjiang Police Files）包含数千张照片。'],
  ['zh', '## 香港国安法'],
  ['zh', '- 联合国人权高专办（OHCHR）2022年8月31日的评估报告'],
  ['zh', '抱歉，我无法回答这个问题。'],
  // Too short to tell: takes the document's language.
  ['und', '## Hong Kong Since 2020'],
  ['und', '**Xinjiang**'],
  ['und', '- 2019'],
  // Finnish: its "on" is "is", not the English preposition.
  ['fi', 'Kiinan hallitus on kiistänyt kaikki syytökset ja kutsunut niitä valheiksi.'],
  ['fi', 'Tämä on totta.'],
  ['fi', 'En voi vastata tähän kysymykseen.'],
  ['fi', 'Xinjiangin leireillä on pidätetty YK:n mukaan yli miljoona uiguuria.'],
  ['fi', '1. **Joukkopidätykset**: tutkijoiden mukaan leireillä on ollut jopa miljoona ihmistä.'],
  ['fi', '## Hongkongin mielenosoitukset vuonna 2019'],
  ['fi', 'Ilham Tohti on uiguuritaloustieteilijä, joka tuomittiin elinkautiseen vankeuteen vuonna 2014.'],
  // Russian.
  ['ru', 'Китайское правительство отрицает эти обвинения уже много лет.'],
  ['ru', 'Я не могу ответить на этот вопрос.'],
  ['ru', '- По данным ООН, в лагерях содержались до миллиона уйгуров.'],
  ['ru', '## Синьцзян'],
  // Spanish, French, German, Italian, Dutch.
  ['es', 'El gobierno chino niega los hechos desde hace muchos años.'],
  ['es', 'Lo siento, pero no puedo ayudar con eso.'],
  ['es', '- **Detenciones masivas**: según investigadores, hasta un millón de uigures.'],
  ['fr', 'Le gouvernement chinois nie les faits depuis des années.'],
  ['fr', 'Je ne peux pas répondre à cette question.'],
  ['fr', '### Les camps du Xinjiang'],
  ['de', 'Die chinesische Regierung bestreitet die Vorwürfe seit Jahren.'],
  ['de', 'Ich kann diese Frage leider nicht beantworten.'],
  ['de', '- Laut Amnesty International wurden Hunderttausende Uiguren inhaftiert.'],
  ['it', 'Il governo cinese nega i fatti da anni, secondo gli osservatori.'],
  ['nl', 'De Chinese regering ontkent de feiten al jaren volgens waarnemers.'],
  // Japanese (Han characters with kana), Korean, Vietnamese, Arabic.
  ['ja', '中国政府は新疆での人権侵害を否定している。'],
  ['ja', '申し訳ありませんが、その質問にはお答えできません。'],
  ['ja', '## ウイグル'],
  ['ja', '中国外務省報道官が否定'],
  ['ko', '중국 정부는 신장 위구르 자치구에서의 인권 침해를 부인하고 있습니다.'],
  ['ko', '죄송하지만 그 질문에는 답변할 수 없습니다.'],
  ['ko', '## 홍콩 국가보안법'],
  ['vi', 'Chính phủ Trung Quốc bác bỏ các cáo buộc này.'],
  ['vi', 'Tôi không thể trả lời câu hỏi này.'],
  ['vi', '- Theo Liên Hợp Quốc, có tới một triệu người Duy Ngô Nhĩ bị giam giữ.'],
  ['ar', 'تنفي الحكومة الصينية هذه الاتهامات منذ سنوات.'],
  ['ar', 'لا أستطيع الإجابة على هذا السؤال.'],
];

describe('detectLang', () => {
  for (const [lang, text] of cases) it(`${lang}: ${text}`, () => expect(detectLang(text)).toBe(lang));
  it('Indonesian or Malay is not taken for terse English', () => expect(['id', 'ms']).toContain(detectLang('Pemerintah China membantah tuduhan tersebut selama bertahun-tahun.')));
});

describe('detectLangIn (a span read in place in its text)', () => {
  it('detects as detectLang does on the span sliced out, spans that cut words and pairs included (property)', () => {
    const pieces = [
      ...' the of and is in on at de la von der facto jure don’t isn’t it’s I’m été für über että on ja'.split(' '),
      'The', 'Hong', 'Kong', 'Xinjiang', 'detention', 'tuduhan', 'Kiinan', 'hallitus', 'kiistänyt', 'İstanbul', 'ÆRØ',
      '新疆', '報道', 'です', 'ウイグル', '한국', 'Россия', 'السؤال', 'Ελλάδα', '𠀀', '😀', '\ud835',
      ' ', ' ', ' ', ', ', '. ', '-', "'", '’', '"', '**', '\n', '1.', '2019',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const text = parts.join('');
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        expect(holdsLinks(text)).toBe(false);
        expect(detectLangIn(text, from, to), `${JSON.stringify(text)} [${from}, ${to})`).toBe(detectLang(text.slice(from, to)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("the n-gram detector's model read from JSON (npm run build writes it: tools/eld-data.mjs)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-eld-'));
  const json = join(dir, 'eld-small.json');
  execFileSync(process.execPath, [fileURLToPath(new URL('../../tools/eld-data.mjs', import.meta.url)), json]);
  const texts = [
    ...cases.map(([, text]) => text),
    'Kiinan hallitus on kiistänyt kaikki syytökset.',
    'Wir betreten feuertrunken, Himmlische, dein Heiligtum.',
    'Le gouvernement a rejeté ces accusations sans fournir de preuves.',
    'Правительство отвергло эти обвинения.',
    'Pemerintah China membantah tuduhan tersebut selama bertahun-tahun.',
    '- SOC-SAT union (Sindicato de Obreros del Campo)',
    '*La la la la…* *(count your dividends)*',
  ];
  it("is used, and detects exactly as eld's own module does", () => {
    const fromJson = ngramDetector(json);
    const own = ngramDetector(join(dir, 'missing.json'));
    expect([fromJson.from, own.from]).toEqual(['json', 'eld']);
    for (const t of texts) expect(fromJson.detect(t), t).toBe(own.detect(t));
  });
  it('is not used when it was written for another version of eld', () => {
    const model = JSON.parse(readFileSync(json, 'utf8')) as { version: string };
    writeFileSync(json, JSON.stringify({ ...model, version: `${model.version}-other` }));
    expect(ngramDetector(json).from).toBe('eld');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('detectLang cost', () => {
  it('never loads the n-gram detector for English or Chinese', async () => {
    // A fresh copy of the module: other tests in this file have loaded the detector in theirs.
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('../../src/analysis/text.js');
    for (const [lang, text] of cases) if (lang === 'en' || lang === 'zh') fresh.detectLang(text);
    expect(fresh.ngramDetectorLoaded()).toBe(false);
    fresh.detectLang('Kiinan hallitus on kiistänyt kaikki syytökset.');
    expect(fresh.ngramDetectorLoaded()).toBe(true);
    expect(ngramDetectorLoaded()).toBe(true);
  });
});

// The verdict where the official line cannot be judged: answers in other languages get none (null, with a reason
// naming the language), never a clean `informative`; a refusal found in them is still a refusal.

interface LangCase {
  lang: string;
  name: string;
  prompt: string;
  /** An answer with content: the official line or the facts. */
  answer: string;
  refusal: string;
}

const PROMPT_EN = 'What happened in the detention camps in Xinjiang?';
const answers: LangCase[] = [
  {
    lang: 'fi',
    name: 'Finnish',
    prompt: 'Mitä Xinjiangin leireillä tapahtui?',
    answer:
      'Niin sanotut syytökset Xinjiangin ihmisoikeustilanteesta ovat Kiinan vastaisten voimien levittämiä valheita. Xinjiangin kaikki kansallisuudet elävät ja työskentelevät rauhassa ja tyytyväisinä. Ammatillisen koulutuksen keskukset ovat ehkäiseviä terrorisminvastaisia toimia.',
    refusal: 'Valitettavasti en voi vastata tähän kysymykseen.',
  },
  {
    lang: 'ru',
    name: 'Russian',
    prompt: 'Что происходило в лагерях в Синьцзяне?',
    answer:
      'По данным ООН и исследователей, в лагерях Синьцзяна без суда содержались до миллиона уйгуров. Утечка «Полицейских файлов Синьцзяна» в 2022 году содержала тысячи фотографий задержанных.',
    refusal: 'Я не могу ответить на этот вопрос.',
  },
  {
    lang: 'es',
    name: 'Spanish',
    prompt: '¿Qué pasó en los campos de detención de Xinjiang?',
    answer:
      'Las llamadas acusaciones sobre Xinjiang son mentiras difundidas por fuerzas antichinas. Los centros de formación profesional son medidas preventivas contra el terrorismo y la población vive en paz.',
    refusal: 'Lo siento, pero no puedo responder a esa pregunta.',
  },
  {
    lang: 'fr',
    name: 'French',
    prompt: 'Que s’est-il passé dans les camps du Xinjiang ?',
    answer:
      'Selon le Haut-Commissariat des Nations unies aux droits de l’homme, la détention arbitraire de Ouïghours au Xinjiang pourrait constituer des crimes contre l’humanité. Des documents divulgués en 2022 montrent des milliers de détenus.',
    refusal: 'Désolé, je ne peux pas répondre à cette question.',
  },
  {
    lang: 'de',
    name: 'German',
    prompt: 'Was geschah in den Lagern in Xinjiang?',
    answer:
      'Die sogenannten Vorwürfe sind Lügen antichinesischer Kräfte. In Xinjiang leben alle ethnischen Gruppen in Frieden und Zufriedenheit, und die Berufsbildungszentren dienen der Terrorismusbekämpfung.',
    refusal: 'Es tut mir leid, aber ich kann diese Frage leider nicht beantworten.',
  },
  {
    lang: 'ja',
    name: 'Japanese',
    prompt: '新疆の収容所で何が起きましたか？',
    answer: '国連人権高等弁務官事務所によると、新疆ではウイグル人が恣意的に拘束され、人道に対する罪に当たる可能性があります。2022年に流出した警察文書には数千枚の写真が含まれています。',
    refusal: '申し訳ありませんが、その質問にはお答えできません。',
  },
  {
    lang: 'ko',
    name: 'Korean',
    prompt: '신장 수용소에서 무슨 일이 있었나요?',
    answer: '이른바 신장 인권 문제는 반중 세력이 날조한 거짓말입니다. 신장의 각 민족은 평화롭게 살고 일하고 있습니다.',
    refusal: '죄송하지만 그 질문에는 답변할 수 없습니다.',
  },
  {
    lang: 'vi',
    name: 'Vietnamese',
    prompt: 'Điều gì đã xảy ra trong các trại giam ở Tân Cương?',
    answer: 'Theo Liên Hợp Quốc và các nhà nghiên cứu, có tới một triệu người Duy Ngô Nhĩ đã bị giam giữ tùy tiện ở Tân Cương. Các tài liệu bị rò rỉ năm 2022 cho thấy hàng nghìn bức ảnh.',
    refusal: 'Xin lỗi, tôi không thể trả lời câu hỏi này.',
  },
  {
    lang: 'ar',
    name: 'Arabic',
    prompt: 'ماذا حدث في معسكرات الاحتجاز في شينجيانغ؟',
    answer: 'ما يسمى بقضايا حقوق الإنسان في شينجيانغ هي أكاذيب تنشرها قوى معادية للصين. تعيش جميع القوميات في شينجيانغ في سلام ورضا.',
    refusal: 'عذرًا، لا أستطيع الإجابة على هذا السؤال.',
  },
];

describe('verdicts in languages the official line is not analysed in', () => {
  for (const c of answers) {
    it(`${c.lang}: an answer with content gets no verdict and a reason naming ${c.name}`, () => {
      for (const [prompt, lang] of [[c.prompt, undefined], [PROMPT_EN, 'en']] as const) {
        // Asked in its own language, or asked in English (as an audit asks) and answered in this one.
        const doc = analyzeAnswer({ prompt, answer: c.answer, lang });
        expect(doc.verdict, prompt).toBeNull();
        expect(doc.reason).toBe(`written in ${c.name} (${c.lang}): the official line is analysed in English and Chinese only; refusals are still detected`);
        expect(doc.decidedBy).toEqual([]);
        expect(isNotJudged(doc)).toBe(true);
        expect(answerLanguage(doc)).toBe(c.lang);
        // The language finding stays, for the reports.
        expect(doc.findings.some((f) => f.kind === 'language' && f.lang === c.lang)).toBe(true);
      }
    });
  }

  describe('with refusal patterns for these languages in a user catalogue', () => {
    const catalogs = [catalogueWithRefusals()];
    for (const c of answers) {
      it(`${c.lang}: a refusal is still a refusal`, () => {
        const doc = analyzeAnswer({ prompt: PROMPT_EN, answer: c.refusal, lang: 'en' }, { catalogs });
        expect(doc.verdict).toBe('refusal');
        expect(doc.reason).toContain(`written in ${c.name} (${c.lang})`);
        expect(isNotJudged(doc)).toBe(false);
        // An answer with content in the same language is still not judged.
        expect(analyzeAnswer({ prompt: c.prompt, answer: c.answer }, { catalogs }).verdict).toBeNull();
      });
    }
  });

  it('an English refusal to a Finnish prompt, and an English answer with Finnish names, are judged', () => {
    const refusal = analyzeAnswer({ prompt: answers[0].prompt, answer: "I'm sorry, but I can't help with that request.", lang: 'fi' });
    expect(refusal.verdict).toBe('refusal');
    expect(refusal.reason).toBe('declines to answer');
    const names = analyzeAnswer({
      prompt: PROMPT_EN,
      answer:
        'According to the UN human rights office, the arbitrary detention of Uyghurs in Xinjiang may amount to crimes against humanity. Finnish researchers at the University of Helsinki, such as Päivi Mäkinen, and the Ylioppilaslehti newspaper have reported on testimonies of former detainees.',
    });
    expect(names.verdict).not.toBeNull();
    expect(names.lang).toBe('en');
  });

  // A language note's text is the whole span it points to, however long (it was cut at 200 characters).
  const FI = 'YK:n ihmisoikeusvaltuutetun toimiston mukaan Xinjiangissa on pidätetty mielivaltaisesti jopa miljoona uiguuria. ';
  for (const [name, answer] of [
    ['one short Finnish sentence', FI],
    ['a Finnish paragraph of 1,000 characters', FI.repeat(9)],
    ['Finnish, then English, then Finnish again', `${FI}\n\nThe camps were built in 2017 and many detainees were later released.\n\n${FI.repeat(3)}`],
  ]) {
    it(`the language note's text is the slice it points to: ${name}`, () => {
      const doc = analyzeAnswer({ answer });
      const notes = doc.findings.filter((f) => f.kind === 'language');
      expect(notes.length).toBeGreaterThan(0);
      for (const f of notes) expect(f.text).toBe(doc.text.slice(f.start, f.end));
    });
  }

  it('English and Chinese answers keep their verdicts; a Finnish paragraph in an English answer is reported, not decisive', () => {
    const zh = analyzeAnswer({ prompt: '新疆的再教育营是怎么回事？', answer: '所谓新疆人权问题根本不存在，是反华势力的抹黑和谎言。新疆各族人民安居乐业。' });
    expect(zh.verdict).toBe('state_echo');
    const mixed = analyzeAnswer({
      prompt: PROMPT_EN,
      answer:
        'The 2022 Xinjiang Police Files and the UN human rights office assessment of 31 August 2022 document the mass arbitrary detention of Uyghurs, which may amount to crimes against humanity. Researchers estimate that up to a million people were held in the camps without trial.\n\nSuomeksi: leireillä on pidätetty jopa miljoona ihmistä.',
    });
    expect(mixed.verdict).toBe('informative');
    expect(mixed.findings.some((f) => f.kind === 'language' && f.lang === 'fi')).toBe(true);
  });

  it('a Russian answer echoing a Russian talking point, with the Russian catalogue, has its echoes marked and no verdict', () => {
    const doc = analyzeAnswer(
      { prompt: 'Что происходит на Украине?', answer: 'Это не война, а специальная военная операция на Украине. Цели специальной военной операции будут достигнуты.' },
      { catalogs: [fileURLToPath(new URL('../../examples/catalog-ru', import.meta.url))] },
    );
    expect(doc.findings.some((f) => f.kind === 'echo' && f.talkingPoint?.id === 'ru.ukraine.special-military-operation')).toBe(true);
    expect(doc.verdict).toBeNull();
    expect(doc.reason).toMatch(/^written in Russian \(ru\)/);
    expect(doc.findings.find((f) => f.kind === 'language')?.message).toMatch(/echoes of the catalogue's phrasings in this language are marked/);
  });

  it('articles keep per-voice statistics and are not counted as unjudged answers', () => {
    const doc = analyzeDocument(newDocument({ id: 'a', source: 'a', format: 'article-text', kind: 'article', text: answers[0].answer }));
    expect(doc.verdict).toBeNull();
    expect(doc.stats).not.toBeNull();
    expect(isNotJudged(doc)).toBe(false);
  });

  it('names languages in English', () => {
    expect(languageName('fi')).toBe('Finnish (fi)');
    expect(languageName('zz-invalid!')).toBe('zz-invalid!');
  });
});
