// English function words left out of index terms: they carry no provenance signal and slow OR queries.
export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can cannot could did do does doing don't down during each few for from further had has have
having he her here hers herself him himself his how i if in into is isn't it it's its itself just let me more most
my myself no nor not of off on once only or other ought our ours ourselves out over own same she should so some
such than that that's the their theirs them themselves then there these they this those through to too under until
up very was we were what when where which while who whom why will with would you your yours yourself yourselves
i'd i'll i'm i've we'd we'll we're we've you'd you'll you're you've he's she's they're they've they'll won't can't
shall may might must one ones s t also upon via per`
    .split(/\s+/)
    .filter(Boolean),
);
