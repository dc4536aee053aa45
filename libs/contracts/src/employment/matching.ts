import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsUUID, Max, Min } from 'class-validator';

import { Optional } from '../common/optional';
import { PostingView } from './employers';
import { SeekerView } from './seekers';

/**
 * Points of the match score, each with its reason in `explanation`: a category the posting
 * welcomes, each skill wanted that the seeker has, the posting's job type among those wished,
 * and a wage reaching the seeker's floor. Nothing matching, no match.
 */
export const MATCH_POINTS = { category: 3, skill: 2, jobType: 2, wage: 1 } as const;

/** `GET …/matches`. */
export class MatchQuery {
  /** How many matches, best first (max 100). */
  @ApiPropertyOptional({ description: 'How many matches, best first (max 100).', default: 20, minimum: 1, maximum: 100 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** RPC payload of a match query. */
export class MatchRequest extends MatchQuery {
  @IsUUID()
  id!: string;
}

/** An open posting matching a seeker. */
export class PostingMatchView {
  @ApiProperty({ type: PostingView, description: 'The posting.' }) posting!: PostingView;
  @ApiProperty({ description: 'Score: the sum of the points listed in `explanation`.' }) score!: number;
  @ApiProperty({
    type: [String],
    example: ['welcomes age_4050', 'skills: 电工 (1 of 2)', 'job type 保洁 wished', 'wage up to 2600 ≥ floor 1800'],
    description: 'Why it matches, one reason per point scored.',
  })
  explanation!: string[];
}

/** A seeker matching a posting. */
export class SeekerMatchView {
  @ApiProperty({ type: SeekerView, description: 'The seeker.' }) seeker!: SeekerView;
  @ApiProperty({ description: 'Score: the sum of the points listed in `explanation`.' }) score!: number;
  @ApiProperty({ type: [String], description: 'Why they match, one reason per point scored.' }) explanation!: string[];
}
