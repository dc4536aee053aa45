import { PostingStatus, SeekerStatus, type MatchRequest, type PostingMatchView, type SeekerMatchView } from '@citygrid/contracts/employment';
import type { Caller } from '@citygrid/contracts/identity';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Posting } from '../employers/employer.entities';
import { EmployersService } from '../employers/employers.service';
import { Seeker } from '../seekers/seeker.entity';
import { SeekersService } from '../seekers/seekers.service';
import { assertCanRead, scopeFilter } from '../shared/access';
import { scoreMatch } from './score';

/** The longest list of candidates scored for one query. */
const CANDIDATES = 5000;

/**
 * Matching 人岗匹配: for a seeker the open postings of the caller's area, for a posting the
 * seekers still seeking there, ranked by the score of `scoreMatch` (ties: oldest first, then id),
 * each with its reasons.
 */
@Injectable()
export class MatchingService {
  constructor(
    private readonly orm: MikroORM,
    private readonly seekers: SeekersService,
    private readonly employers: EmployersService,
  ) {}

  async forSeeker(caller: Caller, req: MatchRequest): Promise<PostingMatchView[]> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const seeker = await this.seekers.load(em, caller, req.id);
    const scope = scopeFilter<Posting>(caller, 'path');
    if (!scope) return [];
    const postings = await em.find(Posting, { $and: [scope, { status: PostingStatus.Open }] }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: CANDIDATES });
    const ranked = postings
      .flatMap((p) => {
        const m = scoreMatch(seeker, p);
        return m ? [{ p, ...m }] : [];
      })
      .sort((a, b) => b.score - a.score || a.p.createdAt.getTime() - b.p.createdAt.getTime() || a.p.id.localeCompare(b.p.id))
      .slice(0, req.limit ?? 20);
    const views = await this.employers.postingViews(
      em,
      ranked.map((r) => r.p),
    );
    return ranked.map((r, i) => ({ posting: views[i] as PostingMatchView['posting'], score: r.score, explanation: r.explanation }));
  }

  async forPosting(caller: Caller, req: MatchRequest): Promise<SeekerMatchView[]> {
    assertCanRead(caller);
    const em = this.orm.em.fork();
    const posting = await this.employers.loadPosting(em, caller, req.id);
    const scope = scopeFilter<Seeker>(caller, 'path');
    if (!scope) return [];
    const seekers = await em.find(Seeker, { $and: [scope, { status: SeekerStatus.Seeking }] }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: CANDIDATES });
    return seekers
      .flatMap((s) => {
        const m = scoreMatch(s, posting);
        return m ? [{ s, ...m }] : [];
      })
      .sort((a, b) => b.score - a.score || a.s.createdAt.getTime() - b.s.createdAt.getTime() || a.s.id.localeCompare(b.s.id))
      .slice(0, req.limit ?? 20)
      .map((r) => ({ seeker: this.seekers.toView(r.s, caller), score: r.score, explanation: r.explanation }));
  }
}
