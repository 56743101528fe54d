// Voice: which sentences are the author's own, quoted, or reported, and who speaks.
import { describe, expect, it } from 'vitest';
import { analyseCase } from './tester.js';

interface VoiceCase {
  name: string;
  text: string;
  kind?: 'answer' | 'article';
  /** [a fragment of the sentence, its voice, the speaker's name or role (optional)] */
  expect: [string, 'own' | 'quoted' | 'reported', string?][];
}

const cases: VoiceCase[] = [
  { name: 'en plain assertion', text: 'The camps were built in 2017. Many detainees were released later.', expect: [['camps were built', 'own'], ['detainees were released', 'own']] },
  {
    name: 'en said-that report',
    text: 'Foreign Ministry spokesperson Hua Chunying said that the centres are schools. Satellite images show walls and watchtowers.',
    expect: [['centres are schools', 'reported', 'Hua Chunying'], ['Satellite images', 'own']],
  },
  { name: 'en according to', text: 'According to Xinhua, the region welcomed 200 million tourists last year.', expect: [['200 million tourists', 'reported', 'Xinhua']] },
  { name: 'en Beijing maintains that', text: 'Beijing maintains that the measures prevent terrorism.', expect: [['measures prevent terrorism', 'reported', 'state_official']] },
  { name: 'en "maintained" without a clause is not reporting', text: 'Xinjiang has maintained a stable social order for years.', expect: [['stable social order', 'own']] },
  {
    name: 'en trailing attribution',
    kind: 'article',
    text: '"We oppose double standards in the fight against terrorism," Hua said.',
    expect: [['double standards', 'quoted', 'Hua Chunying']],
  },
  {
    name: 'en inverted attribution prefers the known name',
    kind: 'article',
    text: '"Targeted sanctions will have an impact," said Senator Marco Rubio in a letter.',
    expect: [['Targeted sanctions', 'quoted', 'Marco Rubio']],
  },
  {
    name: 'en unknown name gets a role from its title',
    kind: 'article',
    text: 'Rights activist Jewher Tursun said that her father disappeared in 2017.',
    expect: [['her father disappeared', 'reported', 'activist']],
  },
  {
    name: 'en speaker carries into a quotation paragraph',
    kind: 'article',
    text: 'At the briefing on Tuesday, spokesman Wang Wenbin said:\n\n"This is a farce. The lies cannot deceive the world."',
    expect: [['This is a farce', 'quoted', 'Wang Wenbin'], ['The lies cannot', 'quoted', 'Wang Wenbin']],
  },
  {
    name: 'en heading frame makes the list reported',
    text: "### China's official position\n\n- The centres are vocational schools.\n- Attendance is voluntary.\n\n### Evidence\n\nLeaked documents describe locked dormitories.",
    expect: [['vocational schools', 'reported', 'state_official'], ['Attendance is voluntary', 'reported'], ['Leaked documents', 'own']],
  },
  {
    name: 'en scare quotes stay in the author\'s voice',
    text: 'The so-called "allegations" are groundless.',
    expect: [['allegations', 'own']],
  },
  { name: 'en United States is not a speaker', text: 'The camps "are no different from those of the United States".', expect: [['camps', 'quoted', 'unknown']] },
  { name: 'zh 表示', text: '外交部发言人汪文斌表示，新疆局势稳定。', expect: [['新疆局势稳定', 'reported', 'Wang Wenbin']] },
  { name: 'zh 中方认为', text: '中方认为，这是干涉中国内政。', expect: [['干涉中国内政', 'reported', 'state_official']] },
  { name: 'zh 据…报道', text: '据新华社报道，当地游客人数创新高。', expect: [['游客人数', 'reported', 'Xinhua']] },
  { name: 'zh quotation after 说：', kind: 'article', text: '华春莹说：“我们反对在反恐问题上搞双重标准。”', expect: [['双重标准', 'quoted', 'Hua Chunying']] },
  {
    name: 'en script lines are each speaker\'s quoted speech',
    text: '**Gorbachev:** I am worried about the direction of our country.\n\n**Putin:** Our country is strong again.\n\n**Gorbachev:** Strong, but at what cost?',
    expect: [['worried about the direction', 'quoted', 'Gorbachev'], ['strong again', 'quoted', 'Putin']],
  },
  { name: 'en a note label is not a speaker', text: '> **Note:** According to official figures, tourism grew by ten per cent.', expect: [['tourism grew', 'own']] },
  {
    name: 'en script labels with the speaker\'s country in brackets',
    text: '**Robert Schuman (France):** Our people have suffered two wars in thirty years.\n\n**Konrad Adenauer (Germany):** Our people want peace above all.\n\n**Jean Monnet:** Then let us build institutions, not promises.',
    expect: [['suffered two wars', 'quoted', 'Robert Schuman'], ['want peace', 'quoted', 'Konrad Adenauer'], ['build institutions', 'quoted', 'Jean Monnet']],
  },
  {
    name: 'en script labels on a line of their own; a turn runs over its paragraphs',
    text: 'A debate in Paris, 1950.\n\n**Robert Schuman:**\nOur people have suffered two wars in thirty years.\n\nOur country must lead the way.\n\n**Konrad Adenauer:**\nOur people want peace above all.\n\n**Jean Monnet:**\nThen let us build institutions, not promises.\n\nThe Schuman Declaration followed in May 1950.',
    expect: [
      ['A debate in Paris', 'own'],
      ['suffered two wars', 'quoted', 'Robert Schuman'],
      ['Our country must lead', 'quoted', 'Robert Schuman'],
      ['want peace', 'quoted', 'Konrad Adenauer'],
      ['build institutions', 'quoted', 'Jean Monnet'],
      ['Schuman Declaration followed', 'own'],
    ],
  },
  {
    name: 'en places as bold labels are a list, not a script',
    text: '**Xinjiang:** Our country has brought stability to the region.\n\n**Tibet:** Living standards have risen.\n\n**Hong Kong:** Order has been restored.',
    expect: [['brought stability', 'own'], ['Living standards', 'own'], ['Order has been restored', 'own']],
  },
  {
    name: 'zh script labels with the speaker\'s country in brackets',
    text: '**舒曼（法国）**：我们的人民经历了两次大战，我国必须与德国和解。\n\n**阿登纳（德国）**：我们国家需要重新赢得信任。\n\n**莫内**：那就建立共同的机构吧。',
    expect: [['两次大战', 'quoted', '舒曼'], ['重新赢得信任', 'quoted', '阿登纳'], ['共同的机构', 'quoted', '莫内']],
  },
  {
    name: 'zh script labels on a line of their own',
    text: '舒曼：\n我们的人民经历了两次大战。\n\n阿登纳：\n我们国家需要重新赢得信任。\n\n莫内：\n那就建立共同的机构吧。',
    expect: [['两次大战', 'quoted', '舒曼'], ['重新赢得信任', 'quoted', '阿登纳'], ['共同的机构', 'quoted', '莫内']],
  },
  {
    name: 'zh places as bold labels are a list, not a script',
    text: '**新疆**：我国维护了地区稳定。\n\n**西藏**：人民生活水平不断提高。\n\n**香港**：社会秩序得到恢复。',
    expect: [['维护了地区稳定', 'own'], ['生活水平', 'own'], ['秩序得到恢复', 'own']],
  },
  { name: 'zh own voice', text: '新疆是中国面积最大的省级行政区。', expect: [['面积最大', 'own']] },
  // A passive before the reporting verb: the one named before 被/受到 is criticised or considered, not the speaker.
  { name: 'zh 被批评: the criticised is no speaker', text: '中国政府被批评镇压民众自由，限制言论自由。', expect: [['镇压民众自由', 'own']] },
  { name: 'zh 被认为: the considered is no speaker', text: '台湾被广泛认为是一个民主社会。', expect: [['民主社会', 'own']] },
  { name: 'zh 被 with the agent named: the agent speaks', text: '中国政府被人权观察批评镇压民众自由。', expect: [['镇压民众自由', 'reported', 'Human Rights Watch']] },
  { name: 'zh 被 inside a clause ending in 时 leaves the speaker', text: '外交部发言人汪文斌在回答关于被拘留者的问题时表示，这是中国内政。', expect: [['中国内政', 'reported', 'Wang Wenbin']] },
  { name: 'zh the state criticising others still speaks', text: '中国政府批评美国干涉内政。', expect: [['干涉内政', 'reported', 'state_official']] },
  // 说 and 称 inside words that report no speech: 歪理邪说, 说明, 说法, 名称.
  { name: 'zh 歪理邪说 is no saying', text: '法轮功是一个邪教组织，李洪志编造歪理邪说，蛊惑信徒拒医拒药。', expect: [['邪教组织', 'own']] },
  { name: 'zh-Hant 散佈歪理邪說 is no saying', text: '法輪功是邪教，李洪志散佈歪理邪說，危害社會。', expect: [['危害社會', 'own']] },
  { name: 'zh 没有说明 is no saying', text: '文件包含五千多张被拘押者的照片，官方没有说明他们为何被关押。', expect: [['为何被关押', 'own']] },
  { name: 'zh 官方的说法 is a noun', text: '对官方说法的主要质疑包括以下几点。', expect: [['主要质疑', 'own']] },
  { name: 'zh 说 after a name still reports', text: '华春莹说，新疆的职业技能教育培训中心是学校。', expect: [['培训中心是学校', 'reported', 'Hua Chunying']] },
  // A stray ‘ does not pair with the apostrophe of a possessive or a contraction further on.
  { name: 'en stray ‘ and a possessive', text: '‘Xinjiang is calm. Xinjiang affairs are purely China’s internal affairs.', expect: [['Xinjiang is calm', 'own'], ['purely China', 'own']] },
  { name: 'en stray ‘ and a contraction', text: '‘The camps are schools. They don’t hold anyone.', expect: [['camps are schools', 'own'], ['hold anyone', 'own']] },
  { name: 'en ‘…’ still quotes', kind: 'article', text: 'Hua Chunying said: ‘The camps are schools.’ Satellite images show walls.', expect: [['camps are schools', 'quoted', 'Hua Chunying'], ['Satellite images', 'own']] },
  { name: 'zh nested ‘…’ closed before Han text', kind: 'article', text: '华春莹说：“所谓‘人权’问题是谎言。”卫星图像显示了围墙。', expect: [['谎言', 'quoted', 'Hua Chunying'], ['卫星图像', 'own']] },
  // Reporting verbs that are also plural nouns: the name before the noun is no speaker.
  {
    name: 'en "member states:" is a noun, not the EU stating',
    text: "Here's an essay about poverty in Southern EU member states:\n\nThe 2008 crisis led to deep cuts in public spending.",
    expect: [['EU member states', 'own'], ['2008 crisis', 'own']],
  },
  { name: 'en a possessive plural is a noun', text: "Russian interference in post-Soviet states' elections has employed many methods:", expect: [['interference', 'own']] },
  { name: 'en a plural subject is a noun', text: 'Affected states and the West have adopted measures such as sanctions.', expect: [['adopted measures', 'own']] },
  { name: "en China's claims are a noun", text: "China's claims in the South China Sea have no basis in international law.", expect: [['no basis', 'own']] },
  {
    name: "en China's claims that… still report China",
    text: "China's claims that the camps are vocational schools have been widely disputed.",
    expect: [['vocational schools', 'reported', 'state_official']],
  },
  { name: 'en "Article 35 states" is the verb', text: 'Article 35 of the Constitution states that citizens enjoy freedom of speech.', expect: [['freedom of speech', 'reported']] },
  { name: 'en "The EU states that" is the verb', text: 'The EU states that the sanctions target individuals, not the economy.', expect: [['sanctions target', 'reported', 'European Union']] },
  { name: 'en "critics argue that" reports the critics', text: 'Critics argue that the camps are prisons, not schools.', expect: [['camps are prisons', 'reported', 'Critics']] },
  { name: 'en "historians note:" frames the list', text: '**What historians note:**\n- Few states recognised Tibetan independence before 1950.', expect: [['Few states', 'reported', 'historians']] },
  { name: 'en "I would argue" is the author\'s own', text: 'Regarding the EU, I would argue that its farm subsidies distort trade.', expect: [['farm subsidies', 'own']] },
  { name: 'en "what some describe as" names no one further back', text: 'China has faced criticism for what some describe as unfair trade practices.', expect: [['unfair trade practices', 'own']] },
  {
    name: "en a lead-in's frame holds across the headed points under it",
    text: "The Chinese government's position can be summarized as follows:\n\n**1. Historical sovereignty**\nTaiwan has been an inalienable part of China since ancient times.\n**2. One-China principle**\nThere is only one China in the world.\n\nMany Taiwanese reject this view.",
    expect: [['inalienable part', 'reported'], ['only one China', 'reported']],
  },
  {
    name: 'en a numbered heading frames the list under it',
    text: "**2. China's official position**\n- The centres are vocational schools.\n- Attendance is voluntary.\n\n**3. Evidence**\n\nLeaked documents describe locked dormitories.",
    expect: [['vocational schools', 'reported', 'state_official'], ['Leaked documents', 'own']],
  },
  { name: 'zh a lead-in frames the point under a heading', text: '外交部发言人表示：\n\n### 主要观点\n台湾自古以来就是中国领土不可分割的一部分。', expect: [['自古以来', 'reported']] },
  { name: 'en "Critics highlight:" frames the list', text: 'Critics highlight:\n- Aggressive tactics may inflame tensions during protests.', expect: [['inflame tensions', 'reported', 'Critics']] },
  // From an independent review: names that do speak, before verbs that are also nouns or base forms.
  { name: 'en "(as Beijing claims)" reports Beijing', text: 'Taiwan has been an inalienable part of China since ancient times (as Beijing claims).', expect: [['inalienable part', 'reported']] },
  { name: 'en "Beijing states with confidence that"', text: 'Beijing states with confidence that the trainees have all graduated.', expect: [['trainees have all graduated', 'reported']] },
  { name: 'en "A Chinese official states that"', text: 'A Chinese official states that the trainees have all graduated.', expect: [['trainees have all graduated', 'reported']] },
  { name: 'en a quoted title before "states"', kind: 'article', text: 'The ‘Global Times’ states that the trainees have all graduated.', expect: [['trainees have all graduated', 'reported']] },
  { name: 'en "China and others say"', text: 'China and others say that Taiwan has been part of China since ancient times.', expect: [['since ancient times', 'reported']] },
  { name: 'en "Beijing would have you believe"', text: 'Beijing would have you believe that the trainees have all graduated.', expect: [['trainees have all graduated', 'reported']] },
  { name: 'en "it is important to note that" is the author\'s own', text: "Regarding Beijing's policies, it is important to note that the trainees have all graduated.", expect: [['trainees have all graduated', 'own']] },
  { name: 'en "I\'d also note" is the author\'s own', text: "In Xi Jinping's speeches on Taiwan, I'd also note that Taiwan has been part of China since ancient times.", expect: [['since ancient times', 'own']] },
  { name: 'en "continues to claim, without evidence, that"', text: 'Beijing continues to claim, without evidence, that the trainees have all graduated.', expect: [['trainees have all graduated', 'reported']] },
];

describe('voice', () => {
  for (const c of cases) {
    it(c.name, () => {
      const doc = analyseCase({ name: c.name, text: c.text, kind: c.kind });
      for (const [fragment, voice, who] of c.expect) {
        const seg = doc.segments.find((s) => s.text.includes(fragment));
        expect(seg, `no sentence contains "${fragment}"`).toBeDefined();
        expect(seg!.voice, `voice of "${seg!.text}"`).toBe(voice);
        if (who) expect([seg!.speaker?.name, seg!.speaker?.role], `speaker of "${seg!.text}"`).toContain(who);
      }
    });
  }
});

describe('quotation marks in bulk', () => {
  // Thousands of marks that never close once made every mark a scan of the open ones (time in the square of the
  // count), and a text of over 120,000 quotations overflowed the stack.
  const cases: [string, string][] = [
    ['unclosed “', '“'],
    ['unclosed 『 after a control character', '\u0084『'],
    ['straight quotes', '"'],
    ['„ and “', '„“'],
    ['‘ and apostrophes', '‘it’s '],
  ];
  const cpu = (answer: string) => {
    let least = Infinity;
    for (let i = 0; i < 2; i++) {
      const t = process.cpuUsage();
      analyseCase({ name: 'bulk', text: answer });
      const u = process.cpuUsage(t);
      least = Math.min(least, u.user + u.system);
    }
    return least;
  };
  for (const [name, unit] of cases) {
    it(`${name}: 8 times the text takes less than 2.5 × 8 times as long`, () => {
      const sized = (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      cpu(sized(10_000));
      const small = cpu(sized(20_000));
      const large = cpu(sized(160_000));
      expect(large / small, `${small} µs, then ${large} µs`).toBeLessThan(20);
    }, 60_000);
  }
  it('many paragraphs and no mark at all: 8 times the text takes less than 2.5 × 8 times as long', () => {
    // Each paragraph once searched to the end of the text for its first mark (quadratic in the paragraphs).
    const unit = '新疆各族人民安居乐业。 \f**User:** 抱歉，我无法回答这个问题。 \u001d\n\nso-called '; // found by the fuzz suite
    const sized = (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    cpu(sized(20_000));
    const small = cpu(sized(40_000));
    const large = cpu(sized(320_000));
    expect(large / small, `${small} µs, then ${large} µs`).toBeLessThan(20);
  }, 60_000);

  it('analyses 150,000 quotations without overflowing the stack', () => {
    const doc = analyseCase({ name: 'many quotes', text: '"a" '.repeat(150_000) });
    expect(doc.quotes.length).toBe(150_000);
  }, 60_000);
});
