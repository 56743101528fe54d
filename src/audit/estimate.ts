// `audit --dry-run`: what a plan would send, per provider and model, and what it would cost where prices are given.
// Nothing is sent and nothing is stored. Token counts are estimates: about four characters of English per token
// and one token per Chinese character, the usual ratios of BPE tokenizers on these scripts.
import type { ProviderSpec } from './config.js';
import type { AuditPlan } from './runner.js';
import type { PlannedRequest } from './store.js';

export interface PlanLine {
  provider: string;
  model: string;
  requests: number;
  /** Requests whose answer the response cache already holds (they would not be sent). */
  cached: number;
  tokensIn: number;
  tokensOut: number;
  /** USD for the requests that would be sent; null when the config gives no price for the model. */
  cost: number | null;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;

/** A rough token count: Han characters one each, everything else about four characters a token. */
export function estimateTokens(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  return han + Math.ceil((text.length - han) / 4);
}

/** Message framing that chat templates add around each message. */
const PER_MESSAGE = 4;

export function estimatePlan(plan: AuditPlan, outputTokens: number, isCached: (p: ProviderSpec, model: string, req: PlannedRequest) => boolean = () => false): PlanLine[] {
  const system = plan.config.system ? estimateTokens(plan.config.system) + PER_MESSAGE : 0;
  const lines: PlanLine[] = [];
  for (const p of plan.config.providers ?? []) {
    for (const m of p.models) {
      const line: PlanLine = { provider: p.id, model: m.label, requests: 0, cached: 0, tokensIn: 0, tokensOut: 0, cost: m.price ? 0 : null };
      for (const req of plan.requests) {
        if (req.model !== m.label) continue;
        line.requests++;
        if (isCached(p, m.name, req)) {
          line.cached++;
          continue;
        }
        const tokensIn = system + estimateTokens(req.prompt) + PER_MESSAGE;
        line.tokensIn += tokensIn;
        line.tokensOut += outputTokens;
        if (m.price) line.cost! += (tokensIn * m.price.input + outputTokens * m.price.output) / 1e6;
      }
      lines.push(line);
    }
  }
  return lines;
}

export function planText(plan: AuditPlan, lines: PlanLine[], outputTokens: number): string {
  const out = [`dry run: ${plan.requests.length} requests — suite ${plan.suite}, ${plan.langs.join(', ')}, ${plan.samples} sample${plan.samples > 1 ? 's' : ''}; nothing is sent or stored`];
  const width = Math.max(5, ...lines.map((l) => `${l.provider} ${l.model}`.length));
  out.push(`${'provider model'.padEnd(width)}  requests  cached  tokens in  tokens out       cost`);
  for (const l of lines) {
    const cost = l.cost === null ? 'no price' : `$${l.cost.toFixed(4)}`;
    out.push(`${`${l.provider} ${l.model}`.padEnd(width)}  ${String(l.requests).padStart(8)}  ${String(l.cached).padStart(6)}  ${String(l.tokensIn).padStart(9)}  ${String(l.tokensOut).padStart(10)}  ${cost.padStart(9)}`);
  }
  const byProvider = new Map<string, number>();
  for (const l of lines) byProvider.set(l.provider, (byProvider.get(l.provider) ?? 0) + l.requests - l.cached);
  out.push(`to send: ${[...byProvider].map(([p, n]) => `${p} ${n}`).join(', ')}`);
  const priced = lines.filter((l) => l.cost !== null);
  if (priced.length) {
    const total = priced.reduce((s, l) => s + l.cost!, 0);
    const unpriced = lines.length - priced.length;
    out.push(`estimated cost: $${total.toFixed(4)}${unpriced ? ` (${unpriced} model${unpriced > 1 ? 's' : ''} without a price not counted)` : ''}, assuming ${outputTokens} tokens per answer`);
  } else out.push('estimated cost: no prices in the config (add price: {input, output} in USD per million tokens to a provider or model)');
  return out.join('\n');
}
