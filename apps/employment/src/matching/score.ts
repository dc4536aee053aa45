import { MATCH_POINTS, type SeekerCategory } from '@citygrid/contracts/employment';

/** What matching reads of a seeker. */
export interface SeekerTraits {
  categories: readonly SeekerCategory[];
  skills: readonly string[];
  wishes: { jobTypes: readonly string[]; wageFloor: number | null };
}

/** What matching reads of a posting. */
export interface PostingTraits {
  welcomes: readonly SeekerCategory[];
  skills: readonly string[];
  jobType: string;
  wageMax: number;
}

/** A match: its score and one reason per point scored. */
export interface Match {
  score: number;
  explanation: string[];
}

/**
 * The transparent score of a seeker for a posting (`MATCH_POINTS`): +3 when the posting welcomes
 * one of the seeker's categories, +2 per skill wanted that the seeker has, +2 when the job type is
 * one the seeker wishes, +1 when the wage reaches the seeker's floor. A posting paying less than
 * the floor is no match at all, and neither is one that scores nothing. Deterministic: the same
 * seeker and posting always give the same score and reasons, in this order.
 */
export function scoreMatch(seeker: SeekerTraits, posting: PostingTraits): Match | null {
  const floor = seeker.wishes.wageFloor;
  if (floor !== null && posting.wageMax < floor) return null;
  let score = 0;
  const explanation: string[] = [];
  const welcomed = posting.welcomes.filter((c) => seeker.categories.includes(c));
  if (welcomed.length) {
    score += MATCH_POINTS.category;
    explanation.push(`welcomes ${welcomed.join(', ')}`);
  }
  const had = new Set(seeker.skills.map(normal));
  const matched = posting.skills.filter((s) => had.has(normal(s)));
  if (matched.length) {
    score += MATCH_POINTS.skill * matched.length;
    explanation.push(`skills: ${matched.join(', ')} (${matched.length} of ${posting.skills.length})`);
  }
  if (seeker.wishes.jobTypes.some((t) => normal(t) === normal(posting.jobType))) {
    score += MATCH_POINTS.jobType;
    explanation.push(`job type ${posting.jobType} wished`);
  }
  if (floor !== null && score > 0) {
    score += MATCH_POINTS.wage;
    explanation.push(`wage up to ${posting.wageMax} ≥ floor ${floor}`);
  }
  return score > 0 ? { score, explanation } : null;
}

function normal(tag: string): string {
  return tag.trim().toLowerCase();
}
