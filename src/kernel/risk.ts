/** Risk tiers, lowest first. Order matters: ceilings and raises compare by rank. */
export const RISK_TIERS = ['read', 'write', 'destructive'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

export function tierRank(tier: RiskTier): number {
  return RISK_TIERS.indexOf(tier);
}

export function isAbove(tier: RiskTier, ceiling: RiskTier): boolean {
  return tierRank(tier) > tierRank(ceiling);
}
