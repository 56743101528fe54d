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
