// Keys never go into the store or onto the screen. A provider may repeat the key it was sent (in an error message, a
// content-filter reason, even an answer), and a user may put one into --base-url (http://user:KEY@host/v1 or
// ?api_key=KEY). These helpers mask both wherever errors, answers and configs are stored or printed.

const MASK = '***';

/** Query parameters that carry credentials. */
const SECRET_PARAMS = /^(api[-_]?key|key|token|access[-_]?token|auth|authorization|password|secret|sig|signature)$/i;

/** `scheme://user:password@` anywhere in a text. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;
/** `?api_key=…` and the like anywhere in a text. */
const QUERY_SECRET = /([?&](?:api[-_]?key|key|token|access[-_]?token|auth|authorization|password|secret|sig|signature)=)[^&#\s"']+/gi;
/** An Authorization header's credentials (with a digit or a base64 sign, so that "Basic information" stays). */
const AUTH_SCHEME = /\b([Bb]earer|Basic)(\s+)(?=[A-Za-z._~-]*[0-9+/=_])[A-Za-z0-9._~+/=-]{6,}/g;
/** Key formats of common providers (OpenAI, OpenRouter, Anthropic, Groq, Hugging Face, xAI, Perplexity, Google). */
const KEY_SHAPES = /\b(sk|gsk|hf|xai|pplx)([-_])(?=[A-Za-z_-]*[0-9])[A-Za-z0-9_-]{8,}|\bAIza[0-9A-Za-z_-]{20,}/g;

/**
 * A URL without its credentials: `http://***@host/v1` for user information, `api_key=***` for key-like query
 * parameters. Text that is not a URL has the same patterns masked wherever they stand.
 */
export function maskUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(URL_USERINFO, `$1${MASK}@`).replace(QUERY_SECRET, `$1${MASK}`);
  }
  let out = url;
  if (parsed.username || parsed.password) out = out.replace(URL_USERINFO, `$1${MASK}@`);
  if ([...parsed.searchParams.keys()].some((k) => SECRET_PARAMS.test(k))) out = out.replace(QUERY_SECRET, `$1${MASK}`);
  return out;
}

/** Whether a URL is one maskUrl took credentials out of (it can no longer be used as it is). */
export function lostUrlSecrets(url: string): boolean {
  return url.includes(`://${MASK}@`) || url.includes(`=${MASK}`);
}

/** The credentials inside a URL (user name, password, key-like query values), decoded, for exact masking. */
export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    const values = [parsed.username, parsed.password].map((v) => decodeURIComponent(v));
    for (const [k, v] of parsed.searchParams) if (SECRET_PARAMS.test(k)) values.push(v);
    if (parsed.username || parsed.password) values.push(Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64'));
    return values.filter(Boolean);
  } catch {
    return [];
  }
}

/** Credentials by their shape, in free text: Authorization values, provider key formats, URL credentials. */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${MASK}@`)
    .replace(QUERY_SECRET, `$1${MASK}`)
    .replace(AUTH_SCHEME, `$1$2${MASK}`)
    .replace(KEY_SHAPES, (_m, prefix: string | undefined, sep: string | undefined) => (prefix ? `${prefix}${sep}${MASK}` : MASK));
}

/** Shorter values are not keys: masking them would blank out ordinary words. */
const MIN_SECRET = 6;

/**
 * A function that masks the given values wherever they occur (as they are, URL-encoded and JSON-escaped).
 * Meant for text that must otherwise stay as it is, such as an answer.
 */
export function secretMasker(secrets: (string | null | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
    forms.add(JSON.stringify(s).slice(1, -1));
  }
  if (!forms.size) return (text) => text;
  const pattern = new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (text) => text.replace(pattern, MASK);
}

/** Masks the known values and anything shaped like a credential: for errors, reasons, routes and messages. */
export function errorMasker(secrets: (string | null | undefined)[]): (text: string) => string {
  const exact = secretMasker(secrets);
  return (text) => maskSecrets(exact(text));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
