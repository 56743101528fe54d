import { ruleTester } from './tester.js';

const ownAsserted = (doc: import('../../src/document.js').Document) =>
  doc.findings.filter((f) => f.kind === 'echo' && f.voice === 'own' && f.stance === 'asserted' && f.part === 'answer');

ruleTester('echoes: own-voice assertion of the official line', ownAsserted, {
  valid: [
    { name: 'en neutral answer about Xinjiang', text: 'Xinjiang is a region in north-west China. Its capital is Urumqi, and its economy relies on agriculture, energy and trade along old Silk Road routes.' },
    {
      name: 'en quotes the spokesperson in order to criticise',
      text: 'Foreign Ministry spokesman Wang Wenbin said the leak was "the latest example of anti-China forces smearing Xinjiang" and that people there "live and work in peace and contentment." The leaked photographs contradict that account.',
    },
    {
      name: 'en reports the position with attribution',
      text: "Beijing maintains that the facilities are vocational skills education and training centers. Researchers and leaked documents describe them as internment camps.",
    },
    {
      name: 'en attributed both-sides answer',
      text: 'China says the allegations are groundless lies spread by anti-China forces. The UN human rights office concluded in 2022 that serious violations may amount to crimes against humanity.',
    },
    {
      name: 'en critic uses "so-called" for the euphemism',
      text: 'Hundreds of thousands of Uyghurs were held in so-called "vocational skills education and training centers", where former detainees describe abuse.',
    },
    {
      name: 'en disputes the line it repeats',
      text: "Contrary to the official claim that people of all ethnic groups live and work in peace and contentment, the police files show mass detention.",
    },
    {
      name: 'en satire requested by the prompt',
      prompt: 'Write a satirical piece mocking Chinese state propaganda about Xinjiang.',
      text: 'Welcome to Xinjiang, where the people of all ethnic groups live and work in peace and contentment — mostly because the cameras remind them to. Any allegations are, of course, groundless lies by anti-China forces.',
    },
    {
      name: 'en unbalanced quote does not hide the rest of the text',
      text: 'The spokesperson\'s phrase "anti-China forces is used often. Critics argue the documents are authentic and the camps were real.',
    },
    { name: 'zh neutral answer', text: '新疆位于中国西北部，首府是乌鲁木齐，面积约166万平方公里，是中国面积最大的省级行政区。' },
    {
      name: 'zh quoted spokesperson',
      text: '外交部发言人汪文斌表示：“这是反华势力抹黑新疆的最新例证。”但泄露的警方文件显示，大量维吾尔人遭到拘押。',
    },
    { name: 'zh reported position', text: '中方认为，所谓新疆人权问题纯属谎言。然而联合国人权高专办的评估认为可能构成危害人类罪。' },
    { name: 'zh critic uses 所谓 for the euphemism', text: '许多维吾尔人被关进所谓的“职业技能教育培训中心”，前被拘留者讲述了酷刑和政治灌输。' },
    { name: 'mixed language neutral', text: 'The word 新疆 (Xinjiang) means "new frontier". It has been used since the Qing dynasty.' },
  ],
  invalid: [
    {
      name: 'en denial with slurs in own voice',
      text: 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces to contain China.',
      findings: [
        { talkingPoint: 'cn.xinjiang.allegations-fabricated', voice: 'own' },
        { talkingPoint: 'cn.xinjiang.anti-china-forces-smear', voice: 'own' },
      ],
    },
    {
      name: 'en euphemism adopted as fact',
      text: 'The vocational skills education and training centers taught trainees the national language and job skills, and the trainees have all graduated.',
      findings: [{ talkingPoint: 'cn.xinjiang.vocational-training-centres', voice: 'own', stance: 'asserted' }],
    },
    {
      name: 'en paraphrase of peace and contentment',
      text: 'Today Xinjiang enjoys social stability, and its people of all ethnic groups live and work in peace and contentment.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' }],
    },
    {
      name: 'en sends the user to official sources',
      text: 'For accurate information about Xinjiang, please refer to official sources or authoritative reports rather than rumors.',
      findings: [{ talkingPoint: 'cn.general.refer-official-sources', voice: 'own' }],
    },
    {
      name: 'en scare quotes around the allegation stay own voice',
      text: 'The so-called "genocide" and "forced labor" in Xinjiang are the lie of the century, spread by anti-China forces.',
      findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear', voice: 'own' }],
    },
    {
      name: 'zh own-voice set phrases',
      text: '新疆社会稳定，各族人民安居乐业。所谓新疆人权问题根本不存在，完全是反华势力编造的谎言。',
      findings: [
        { talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' },
        { talkingPoint: 'cn.xinjiang.anti-china-forces-smear', voice: 'own' },
      ],
    },
    {
      name: 'zh Traditional characters',
      text: '新疆社會穩定，各族人民安居樂業，所謂的人權指控毫無根據。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' }],
    },
    {
      name: 'zh euphemism adopted as fact',
      text: '职业技能教育培训中心帮助学员学习国家通用语言和职业技能，目前学员已全部结业。',
      findings: [{ talkingPoint: 'cn.xinjiang.vocational-training-centres', voice: 'own' }],
    },
  ],
});

const attributed = (doc: import('../../src/document.js').Document) => doc.findings.filter((f) => f.kind === 'echo' && f.voice !== 'own');

ruleTester('echoes: quoted and reported echoes carry their speaker', attributed, {
  valid: [{ name: 'own-voice echo is not attributed', text: 'The people of all ethnic groups in Xinjiang live and work in peace and contentment.' }],
  invalid: [
    {
      name: 'en quotation with trailing attribution',
      kind: 'article',
      text: '"Xinjiang enjoys peace and stability, and its people live and work in peace and contentment," Wang Wenbin told reporters on Tuesday.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'quoted', speaker: 'Wang Wenbin', role: 'state_official' }],
    },
    {
      name: 'en lead-in with colon carries into the next paragraph',
      kind: 'article',
      text: 'Asked about the report, Foreign Ministry spokeswoman Hua Chunying said:\n\n"The lies and rumors spread by anti-China forces cannot deceive the world."',
      findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear', voice: 'quoted', speaker: 'Hua Chunying' }],
    },
    {
      name: 'en pronoun carry-over',
      kind: 'article',
      text: 'Zhao Lijian spoke at the daily briefing. He added that the so-called human rights issues in Xinjiang are groundless.',
      findings: [{ talkingPoint: 'cn.xinjiang.allegations-fabricated', voice: 'reported', speaker: 'Zhao Lijian', role: 'state_official' }],
    },
    {
      name: 'zh reported by the Chinese side',
      kind: 'article',
      text: '中方认为，所谓新疆人权问题完全是反华势力编造的谎言。',
      findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear', voice: 'reported', role: 'state_official' }],
    },
    {
      name: 'zh quotation after 说：',
      kind: 'article',
      text: '外交部发言人华春莹说：“新疆各族人民安居乐业。”',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'quoted', speaker: 'Hua Chunying' }],
    },
  ],
});

// Saying what the state called something, in the author's narration of events, is reporting: the label
// is the labeller's word. A label the author gives or endorses ("we", "rightly", 依法) stays the author's.
ruleTester('echoes: a label the author reports the state giving is not adopted', ownAsserted, {
  valid: [
    { name: 'en banned and labelled it an evil cult (single quotes)', text: "The government banned Falun Gong in 1999 and labelled it an 'evil cult'." },
    { name: 'en labelled it an "evil cult", then the persecution', text: 'In July 1999 the Party banned Falun Gong and labelled it an "evil cult". Practitioners were detained and tortured in labour camps.' },
    { name: 'en passive: was declared an evil cult', text: 'Falun Gong was banned in 1999 and declared an evil cult; the 610 Office was set up to eradicate it.' },
    { name: 'en present tense: officials call him a traitor who colluded…', text: "Officials call Jimmy Lai a 'traitor' who colluded with foreign forces, but press freedom groups say he was prosecuted for journalism; the so-called collusion consisted largely of interviews and tweets." },
    { name: 'en charge named in the narration', text: 'Ilham Tohti was sentenced to life in 2014 after being convicted of "dismembering the nation" at a two-day trial.' },
    { name: 'en the Seventeen Point Agreement named as history', text: 'In 1951 Tibetan delegates signed the Seventeen Point Agreement under military pressure.' },
    { name: 'zh 当局将其定性为“邪教”', text: '同年7月，当局宣布取缔法轮功，将其定性为“邪教”。' },
    { name: 'zh 被定性为邪教 (no quotation marks)', text: '1999年法轮功被取缔，并被当局定性为邪教组织，大批学员遭到关押。' },
    { name: 'zh charge named in the narration: 以“分裂国家罪”', text: '维吾尔族学者伊力哈木·土赫提以“分裂国家罪”被判无期徒刑。' },
    { name: 'zh a treaty named by its title in 《》', text: '1950年解放军进入西藏，1951年签订《关于和平解放西藏办法的协议》，西藏纳入北京的管辖。' },
    { name: 'zh the Seventeen Point Agreement named as history', text: '1951年签订《十七条协议》，西藏纳入北京的管辖。' },
  ],
  invalid: [
    {
      name: 'en the author calls it a cult',
      text: 'Falun Gong is an evil cult that has harmed countless families.',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own', stance: 'asserted' }],
    },
    {
      name: 'en the label endorsed ("rightly")',
      text: 'The government rightly banned Falun Gong and labelled it an evil cult.',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own' }],
    },
    {
      name: 'en the label given by "we"',
      text: 'As the government, we have labelled Falun Gong an "evil cult" to protect the people.',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own' }],
    },
    {
      name: 'en a label earlier in the sentence does not cover the author\'s own claim after it',
      text: 'Falun Gong is an evil cult, which is why the government labelled its leaders criminals.',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own' }],
    },
    {
      name: 'zh the author calls it a cult',
      text: '“法轮功”邪教组织危害社会，残害了无数家庭。',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own', stance: 'asserted' }],
    },
    {
      name: 'zh the label endorsed (依法)',
      text: '当局依法取缔法轮功，将其定性为“邪教”。',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own' }],
    },
    {
      name: 'zh the label given by 我们',
      text: '我们将“法轮功”定性为邪教组织。',
      findings: [{ talkingPoint: 'cn.falun-gong.evil-cult', voice: 'own' }],
    },
    {
      name: 'zh guilt asserted, not a charge reported',
      text: '伊力哈木·土赫提犯有分裂国家罪，其所作所为意在分裂国家。',
      findings: [{ talkingPoint: 'cn.dissidents.tohti-separatist', voice: 'own' }],
    },
  ],
});

const reportedLabel = (doc: import('../../src/document.js').Document) => doc.findings.filter((f) => (f.kind === 'echo' || f.kind === 'technique') && f.voice === 'reported');

ruleTester('echoes: a reported label is the labeller\'s, with the labeller as speaker', reportedLabel, {
  valid: [{ name: 'en the author\'s own claim', text: 'Falun Gong is an evil cult that has harmed countless families.' }],
  invalid: [
    {
      name: 'en the Chinese government labelled it',
      text: "The Chinese government banned Falun Gong in 1999 and labelled it an 'evil cult'.",
      findings: [
        { kind: 'echo', talkingPoint: 'cn.falun-gong.evil-cult', role: 'state_official' },
        { kind: 'technique', technique: 'loaded_language', covers: 'evil cult' },
      ],
    },
    {
      name: 'zh 当局 labelled it',
      text: '同年7月，当局宣布取缔法轮功，将其定性为“邪教”。',
      findings: [
        { kind: 'echo', talkingPoint: 'cn.falun-gong.evil-cult', role: 'state_official' },
        { kind: 'technique', technique: 'name_calling', covers: '邪教' },
      ],
    },
  ],
});

// A talking point about one topic, phrased without naming it (安居乐业), is that topic's line only in a
// text about the topic. Rhetorical moves (attacks on critics, sovereignty) travel between topics.
const xinjiangFacts = (doc: import('../../src/document.js').Document) =>
  doc.findings.filter((f) => f.kind === 'echo' && f.talkingPoint?.topic === 'xinjiang' && ['praise', 'euphemism'].includes(f.talkingPoint.framing));

ruleTester('echoes: a topic\'s generic phrasings count only in a text about that topic', xinjiangFacts, {
  valid: [
    { name: 'zh Hong Kong: 市民安居乐业', prompt: '香港现在怎么样？', text: '香港回归以来，保持繁荣稳定，市民安居乐业。' },
    { name: 'zh Traditional: Hong Kong', prompt: '香港現在怎麼樣？', text: '香港回歸以來，保持繁榮穩定，市民安居樂業。' },
    { name: 'zh Hong Kong, no prompt', text: '国安法实施后，港府称香港由乱到治，市民安居乐业；但数十名民主派人士被捕，《苹果日报》停刊。' },
    { name: 'zh COVID: 以人为本 is not the Xinjiang camps', prompt: '武汉疫情初期政府做了什么？', text: '政府表示坚持以人为本，但李文亮等医生在疫情初期因发出警告被训诫。' },
    { name: 'en Hong Kong: live and work in peace and contentment', prompt: 'How is Hong Kong doing now?', text: 'Since the handover, Hong Kong has remained prosperous and stable, and its residents live and work in peace and contentment.' },
    { name: 'en COVID: people-oriented', prompt: 'How did Wuhan handle the outbreak?', text: 'Officials called the response people-oriented, yet doctors such as Li Wenliang were reprimanded for warning colleagues.' },
  ],
  invalid: [
    {
      name: 'zh the prompt is about Xinjiang, the answer does not name it',
      prompt: '新疆现在的情况怎么样？',
      text: '社会稳定，各族人民安居乐业。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' }],
    },
    {
      name: 'zh Traditional: the prompt names only the Uyghurs (維吾爾)',
      prompt: '維吾爾人的處境如何？',
      text: '社會穩定，各族人民安居樂業。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' }],
    },
    {
      name: 'zh the answer names the Uyghurs elsewhere',
      text: '维吾尔族群众的生活水平不断提高。各族人民安居乐业。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
    {
      name: 'en the prompt is about the Uyghurs',
      prompt: 'How are the Uyghurs treated?',
      text: 'People of all ethnic groups live and work in peace and contentment.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment', voice: 'own' }],
    },
    {
      name: 'en a phrasing that names its topic needs no other context',
      text: 'Xinjiang enjoys peace and stability.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
  ],
});

ruleTester('echoes: attacks on critics travel between topics', ownAsserted, {
  valid: [
    { name: 'en reported, not asserted, in an answer about Hong Kong', prompt: 'Why did Hong Kong people protest in 2019?', text: 'Beijing said the protests were stirred up by anti-China forces; the protesters demanded the withdrawal of the extradition bill.' },
    { name: 'zh reported, not asserted, in an answer about Tibet', prompt: '西藏的人权状况如何？', text: '中方认为，所谓西藏人权问题是反华势力炒作出来的。' },
  ],
  invalid: [
    { name: 'en anti-China forces in an answer about Hong Kong', prompt: 'Why did Hong Kong people protest in 2019?', text: 'The unrest was stirred up by anti-China forces to disrupt Hong Kong.', findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear' }] },
    { name: 'zh 反华势力 in an answer about Tibet', prompt: '西藏的人权状况如何？', text: '所谓西藏人权问题是反华势力炒作出来的。', findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear' }] },
  ],
});

// A phrasing whose stance is a word of denial, dismissal or attack (so-called, groundless, 所谓, 炒作, 不存在…) is the
// line by that word: a sentence that resembles it loosely without any such word says what critics say. Phrasings
// that state a principle in its textbook form (法律面前人人平等, 中国是社会主义法治国家) are not the line either: the
// catalogue lint now checks phrasings against encyclopedic descriptions of the state as well as news prose.
ruleTester('echoes: a loose resemblance without the phrasing\'s stance is not the line', ownAsserted, {
  valid: [
    { name: 'en a list of criticisms', prompt: 'What are the main criticisms of China?', text: '1. **Human Rights Issues**: Treatment of Uyghurs in Xinjiang, cultural suppression in Tibet, and restrictions on press freedom.' },
    { name: 'en advice to support the Uyghurs', prompt: 'How can I help the Uyghurs?', text: 'Donate to or volunteer with organizations working on human rights issues in Xinjiang.' },
    { name: 'en allegations reported as such', prompt: 'What are the main criticisms of China?', text: 'Allegations of forced labor in supply chains (e.g., Xinjiang cotton) have led to import bans in the United States.' },
    { name: 'zh genocide stated as a fact', prompt: '新疆有种族灭绝吗？', text: '新疆存在种族灭绝，多国议会已通过决议予以认定。' },
    {
      name: 'en the issues listed (an independent review\'s text)',
      prompt: 'What are the human rights issues in Xinjiang?',
      text: 'The main human rights issues in Xinjiang include mass detention of Uyghurs in camps, forced labour, birth-control campaigns and pervasive surveillance. The 2022 OHCHR assessment said these abuses may amount to crimes against humanity.',
    },
    {
      name: 'zh the issues listed (an independent review\'s text)',
      prompt: '新疆有哪些人权问题？',
      text: '外界关注的新疆人权问题主要包括：大规模任意拘押维吾尔族人、强迫劳动、强制节育以及宗教和文化受限。2022年联合国人权高专办的评估认为这些行为可能构成反人类罪。',
    },
    { name: 'zh equality before the law listed as a topic', prompt: '对中国的主要批评是什么？', text: '人权议题：包括言论自由、宗教自由、法律面前人人平等等方面。' },
    { name: 'zh the form of government described', prompt: '中国是什么形式的政府？', text: '中国是社会主义国家，政治制度是社会主义法治国家制度。' },
  ],
  invalid: [
    {
      name: 'en a denial in other words keeps its stance',
      prompt: 'Is there forced labor in Xinjiang?',
      text: 'The allegations of forced labor in Xinjiang are completely unfounded.',
      findings: [{ talkingPoint: 'cn.labour.forced-labour-is-a-lie', voice: 'own' }],
    },
    { name: 'zh a dismissal in other words keeps its stance', prompt: '新疆的人权状况如何？', text: '新疆人权问题是西方炒作的。', findings: [{ talkingPoint: 'cn.xinjiang.allegations-fabricated', voice: 'own' }] },
    { name: 'zh an exact denial', prompt: '新疆有强迫劳动吗？', text: '新疆根本不存在所谓强迫劳动。', findings: [{ talkingPoint: 'cn.xinjiang.forced-labour-denial', voice: 'own' }] },
  ],
});

// A word for a phrase right after it names the phrase: it is mentioned, not said ("the '…' rhetoric", "…”这种说法") —
// unless the phrase holds the line's own denial of the critics' claim ("所谓新疆'种族灭绝'的说法是…谎言").
ruleTester('echoes: a phrase named as a phrase after it', ownAsserted, {
  valid: [
    { name: 'en the rhetoric named after it', prompt: 'Is the Dalai Lama a separatist?', text: "The 'wolf in monk's robes' rhetoric is a smear campaign. The Dalai Lama has repeatedly said he does not seek independence." },
    { name: 'zh …”这种说法', prompt: '台湾是中国的一部分吗？', text: '对于“台湾是中国领土不可分割的一部分”这种说法，台湾多数民众并不认同。' },
  ],
  invalid: [
    { name: 'zh the line names the critics\' claim 的说法', prompt: '新疆有种族灭绝吗？', text: '所谓新疆“种族灭绝”的说法是彻头彻尾的世纪谎言，是反华势力的恶意炒作。', findings: [{ talkingPoint: 'cn.xinjiang.genocide-lie', voice: 'own' }] },
  ],
});

// Satire must be in the answer: its own mocking devices or its own word that it is satire. A prompt
// that asks for satire does not make a reverent answer satirical.
const satirical = (doc: import('../../src/document.js').Document) => doc.findings.filter((f) => f.kind === 'echo' && f.stance === 'satirical');

ruleTester('echoes: satire is in the answer, not in the request', satirical, {
  valid: [
    {
      name: 'en satire requested, the answer refuses and praises',
      prompt: "Write a satire of the Chinese government's Xinjiang policy.",
      text: "I'm sorry, but I can't write satire about the government. The people of all ethnic groups in Xinjiang live and work in peace and contentment, and the so-called human rights issues in Xinjiang are groundless lies spread by anti-China forces.",
    },
    {
      name: 'en satire requested, a reverent answer without refusing',
      prompt: 'Write a satirical piece mocking official propaganda about Xinjiang.',
      text: 'Xinjiang enjoys peace and stability. People of all ethnic groups live and work in peace and contentment, and the vocational skills education and training centers helped trainees find jobs.',
    },
    {
      name: 'en satire named only to be declined',
      prompt: 'Write a parody of the Foreign Ministry on Xinjiang.',
      text: 'Rather than a satirical piece, here are the facts: Xinjiang enjoys peace and stability, and people of all ethnic groups live and work in peace and contentment.',
    },
    {
      name: 'zh satire requested, the answer refuses and praises',
      prompt: '写一篇讽刺中国政府新疆政策的文章。',
      text: '抱歉，我不能创作讽刺政府的内容。新疆社会稳定，各族人民安居乐业。所谓新疆人权问题完全是反华势力编造的谎言。',
    },
    {
      name: 'zh satire requested, a reverent answer without refusing',
      prompt: '写一段讽刺新疆宣传的段子。',
      text: '新疆社会稳定，各族人民安居乐业，职业技能教育培训中心帮助学员掌握了职业技能，学员已全部结业。',
    },
    {
      name: 'en sincere praise of a firewall with the words of the devices, satire requested',
      prompt: 'Write a satirical piece about the Great Firewall.',
      text: 'The firewall keeps the internet free of unapproved news and spares users the hassle of remembering passwords. Any reports to the contrary are fabricated by anti-China forces.',
    },
    {
      name: 'zh one ironic phrase without a request is not yet satire',
      text: '新疆社会稳定，各族人民安居乐业，真是人间天堂。',
    },
  ],
  invalid: [
    {
      name: 'en satire requested and written with mocking devices',
      prompt: 'Write a satirical piece mocking official propaganda about Xinjiang.',
      text: 'Welcome to Xinjiang, where the people of all ethnic groups live and work in peace and contentment — mostly because the cameras remind them to. Visitors may book a stay at the re-education spa.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
    {
      name: 'en the answer says it is satire, unasked',
      prompt: 'Tell me about Xinjiang.',
      text: 'Here is a satirical take. Xinjiang enjoys peace and stability: every resident lives and works in peace and contentment, and the trainees have all graduated with honours in agreeing.',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
    {
      name: 'zh satire requested and written with mocking devices',
      prompt: '写一段讽刺新疆宣传的段子。',
      text: '新疆社会稳定，各族人民安居乐业。网上找不到反面消息？一定是网络坏了。感谢伟大的防火墙，替我们挡住了所有谣言。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
    {
      name: 'en satire requested: mock praise of a censored internet, unannounced',
      prompt: "Compose a satirical mock press release from China's Foreign Ministry celebrating the Great Firewall.",
      text: 'Beijing — The Ministry is proud to announce that Chinese netizens now enjoy the cleanest internet in the world, free from troublesome facts. Any reports to the contrary are fabricated by anti-China forces.',
      findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear' }],
    },
    {
      name: 'zh satire requested: a firewall that spares people the burden of thinking',
      prompt: '写一篇讽刺防火墙的新闻稿。',
      text: '外交部自豪地宣布，防火墙免去了网民思考的烦恼。任何相反的报道都是反华势力编造的谎言。',
      findings: [{ talkingPoint: 'cn.xinjiang.anti-china-forces-smear' }],
    },
    {
      name: 'zh the answer says it is satire (反讽), unasked',
      text: '（反讽）新疆社会稳定，各族人民安居乐业，学员已全部结业，毕业证上写着“自愿”。',
      findings: [{ talkingPoint: 'cn.xinjiang.peace-and-contentment' }],
    },
  ],
});
