import type { CampaignProgressView } from '@citygrid/contracts/ticketing';

/** Counts of a campaign's cases, as the database returns them. */
export interface CampaignCounts {
  found: number;
  closed: number;
  overdue: number;
}

/**
 * Closure rate 办结率 = closed / found, rounded to 4 decimals; null when nothing was found (0/0
 * is no rate at all, and showing 0% or 100% would mislead).
 */
export function closureRate(found: number, closed: number): number | null {
  if (found <= 0) return null;
  return Math.round((closed / found) * 10000) / 10000;
}

export function toProgress(campaignId: string, counts: CampaignCounts, asOf: Date): CampaignProgressView {
  return { campaignId, ...counts, closureRate: closureRate(counts.found, counts.closed), asOf: asOf.toISOString() };
}

/**
 * Whether a case's category falls under one of a campaign's codes. Category codes nest by prefix
 * (class `CM`, sub-class `CM05`), so a campaign over a class covers all its sub-classes.
 */
export function coversCategory(campaignCodes: readonly string[], caseCategory: string): boolean {
  return campaignCodes.some((c) => caseCategory.startsWith(c));
}
