import { IsUUID } from 'class-validator';

import type { SeekerCategory } from './events';

/** Every seeker category, in the order they are listed. */
export const SEEKER_CATEGORIES: readonly SeekerCategory[] = ['laid_off', 'age_4050', 'graduate', 'relocated', 'disabled', 'other'];

/** Every placement kind. */
export const PLACEMENT_KINDS = ['employed', 'self_employed', 'public_welfare'] as const;

/** Where a job seeker stands: looking for work, placed (a placement is recorded), or no longer looking. */
export enum SeekerStatus {
  Seeking = 'seeking',
  Placed = 'placed',
  Inactive = 'inactive',
}

/** Hours a seeker wants or a posting offers. */
export enum WorkHours {
  FullTime = 'full_time',
  PartTime = 'part_time',
  Any = 'any',
}

/** Whether a posting takes applicants. */
export enum PostingStatus {
  Open = 'open',
  Closed = 'closed',
}

/** A job fair 用工洽谈会, or one of the yearly campaigns: 春风行动 (`spring_breeze`) and 就业援助月 (`aid_month`). */
export enum FairKind {
  JobFair = 'job_fair',
  SpringBreeze = 'spring_breeze',
  AidMonth = 'aid_month',
}

/** A placement counts (`recorded`) until it is withdrawn as a mistake (`cancelled`). */
export enum PlacementStatus {
  Recorded = 'recorded',
  Cancelled = 'cancelled',
}

/** Unified social credit code 统一社会信用代码 (GB 32100): 18 characters of this alphabet. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** True for an 18-character unified social credit code whose check character (GB 32100) is right. */
export function isUnifiedSocialCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_ALPHABET.indexOf(value.charAt(i)) * (CREDIT_CODE_WEIGHTS[i] as number);
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31) === value.charAt(17);
}

/** RPC payload naming one record by id. */
export class EmploymentIdRequest {
  @IsUUID()
  id!: string;
}
