import { randomUUID } from 'node:crypto';

import { assertAllowed, isSystemAdmin } from '@citygrid/auth';
import { ErrorCode } from '@citygrid/contracts';
import { type Caller, Role } from '@citygrid/contracts/identity';
import { AssessmentEvents, type AssessmentRuleCreatedView, type AssessmentRuleView, type CreateAssessmentRuleDto } from '@citygrid/contracts/reporting';
import { EventRecorder } from '@citygrid/persistence';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';

import { REPORTING_ENV, type ReportingEnv } from '../config';
import { periodRange } from '../kpis/periods';
import { ReportingException } from '../shared/reporting.exception';
import { dayIn } from '../shared/work-day';
import { AssessmentRepository } from './assessment.repository';
import { quarterOf, ruleBodyOf, ruleViolations } from './rule-checks';

/** The rule version a quarter is scored with, and whether that is settled. */
export interface QuarterRule {
  rule: AssessmentRuleView;
  /** When the quarter was first scored after it ended (it keeps `rule` from then on); null while it runs. */
  scoredAt: string | null;
  /** True once the quarter has ended (its rule version then never changes). */
  final: boolean;
}

/** Who manages the rules: city operators and the system administrator. */
function assertRuleManager(caller: Caller): void {
  assertAllowed(caller.kind === 'staff' && (isSystemAdmin(caller) || caller.roles.includes(Role.CityOperator)), 'Only city operators and the system administrator manage the assessment rules.');
}

/**
 * Rule versions 考核细则: listed and created by city operators and the system administrator;
 * each scores the quarters from its effective date on, until a version with a later effective
 * date. The first time an ended quarter is scored, the version it is scored with is recorded, and
 * the quarter keeps it whatever versions come after: a past quarter is always recomputed under
 * the rules it was judged by.
 */
@Injectable()
export class AssessmentRulesService {
  constructor(
    private readonly repo: AssessmentRepository,
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    @Inject(REPORTING_ENV) private readonly env: ReportingEnv,
  ) {}

  async list(caller: Caller): Promise<AssessmentRuleView[]> {
    assertRuleManager(caller);
    return this.repo.rules();
  }

  async create(caller: Caller, dto: CreateAssessmentRuleDto): Promise<AssessmentRuleCreatedView> {
    assertRuleManager(caller);
    const violations = ruleViolations(dto);
    if (violations.length) throw ReportingException.invalid(violations);
    const body = ruleBodyOf(dto);
    const id = randomUUID();
    const createdAt = new Date();
    return this.orm.em.fork().transactional(async (tx) => {
      const version = await this.repo.insertRule(tx, { id, name: dto.name, description: dto.description ?? '', effectiveFrom: dto.effectiveFrom, ...body, createdAt, createdBy: caller.id });
      const quartersKept = await this.repo.scoredFrom(tx, quarterOf(dto.effectiveFrom));
      const view: AssessmentRuleCreatedView = {
        id,
        version,
        name: dto.name,
        description: dto.description ?? '',
        effectiveFrom: dto.effectiveFrom,
        ...body,
        createdAt: createdAt.toISOString(),
        createdBy: caller.id,
        quartersKept,
      };
      this.events.record(tx, AssessmentEvents.ruleCreated, id, { id, version, name: dto.name, effectiveFrom: dto.effectiveFrom, rule: body, quartersKept });
      return view;
    });
  }

  /**
   * The version `quarter` is scored with: the one it was first scored with after it ended, or the
   * one in force on its first day. An ended quarter scored for the first time records it here.
   */
  async forQuarter(quarter: string): Promise<QuarterRule> {
    const range = periodRange(quarter);
    if (!range) throw ReportingException.invalid([{ field: 'quarter', reason: 'must be a year and quarter, e.g. 2013-Q1' }]);
    const final = range.to < dayIn(new Date(), this.env.WORK_TIME_ZONE);
    const kept = await this.repo.scoredWith(quarter);
    if (kept) return { rule: await this.ruleOrFail(kept.version, quarter), scoredAt: kept.scoredAt, final };
    const inForce = await this.repo.ruleInForce(range.from);
    if (!inForce) {
      throw new ReportingException(ErrorCode.Unprocessable, `No assessment rule version is in force in ${quarter}.`, [
        { field: 'quarter', reason: `no rule version is in force on ${range.from}; the earliest starts later` },
      ]);
    }
    if (!final) return { rule: inForce, scoredAt: null, final };
    const scored = await this.repo.markScored(quarter, inForce.version);
    return { rule: await this.ruleOrFail(scored.version, quarter), scoredAt: scored.scoredAt, final };
  }

  private async ruleOrFail(version: number, quarter: string): Promise<AssessmentRuleView> {
    const rule = await this.repo.ruleByVersion(version);
    if (!rule) throw new Error(`quarter ${quarter} was scored with rule version ${version}, which is missing`);
    return rule;
  }
}
