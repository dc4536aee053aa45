import { randomUUID } from 'node:crypto';

import { assertAllowed, assertInScope, isFieldStaffOrOperator, seesPersonalData } from '@citygrid/auth';
import type { FieldError, Page } from '@citygrid/contracts';
import { GridRegistryEvents, PlaceKind, type FindResidentQuery, type ListResidentsQuery, type RegisterResidentDto, type ResidentView } from '@citygrid/contracts/grid-registry';
import type { Caller } from '@citygrid/contracts/identity';
import { EventRecorder } from '@citygrid/persistence';
import { BlindIndex, FieldCipher, isMainlandMobile, isResidentIdNumber, maskIdNumber, maskPhone, normalizeIdNumber, normalizePhone } from '@citygrid/pii';
import { type FilterQuery, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { escapeLike } from '../shared/sql';
import { scopeFilter } from '../shared/access';
import { Place } from '../places/place.entity';
import { GridRegistryException } from '../shared/grid-registry.exception';
import { Resident } from './resident.entity';

/** Bound into each ciphertext, so a value copied into the other column does not decrypt. */
const ID_NUMBER_CONTEXT = 'resident.id_number';
const PHONE_CONTEXT = 'resident.phone';

/**
 * Residents of households. Only grid staff and operators register them, in their own subtree;
 * staff read them within their subtree, with full ID numbers and phones only when their role
 * needs them. API clients never see residents: their `registry:read` scope covers places only.
 */
@Injectable()
export class ResidentsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly events: EventRecorder,
    private readonly cipher: FieldCipher,
    private readonly index: BlindIndex,
  ) {}

  async register(caller: Caller, dto: RegisterResidentDto): Promise<ResidentView> {
    assertAllowed(caller.kind === 'staff' && isFieldStaffOrOperator(caller), 'Only grid staff and operators register residents.');
    const errors: FieldError[] = [];
    // Reasons never repeat the value: error bodies end up in logs.
    if (!isResidentIdNumber(dto.idNumber)) errors.push({ field: 'idNumber', reason: 'must be a valid resident ID number (real birth date, GB 11643 check character)' });
    if (dto.phone !== undefined && !isMainlandMobile(dto.phone)) errors.push({ field: 'phone', reason: 'must be a mainland mobile number' });
    if (errors.length > 0) throw GridRegistryException.invalid(errors);

    const em = this.orm.em.fork();
    const household = await em.findOne(Place, { id: dto.householdId });
    if (!household) throw GridRegistryException.notFound('Household', dto.householdId);
    assertInScope(caller, household.gridPath, `Household ${dto.householdId}`);
    if (household.kind !== PlaceKind.Household)
      throw GridRegistryException.unprocessable(`Place ${household.id} is a ${household.kind}, not a household.`, [{ field: 'householdId', reason: 'must be a household' }]);

    const idNumber = normalizeIdNumber(dto.idNumber);
    const phone = dto.phone === undefined ? null : normalizePhone(dto.phone);
    const now = new Date();
    const resident = Object.assign(new Resident(), {
      id: randomUUID(),
      householdId: household.id,
      name: dto.name,
      idNumberCipher: this.cipher.encrypt(idNumber, ID_NUMBER_CONTEXT),
      idNumberIndex: this.index.idNumber(idNumber),
      phoneCipher: phone === null ? null : this.cipher.encrypt(phone, PHONE_CONTEXT),
      phoneIndex: phone === null ? null : this.index.phone(phone),
      gridId: household.gridId,
      gridCode: household.gridCode,
      gridPath: household.gridPath,
      createdAt: now,
      updatedAt: now,
    });
    // One person, one record. The answer does not say where the other record is: that could be
    // outside the caller's area.
    if ((await em.count(Resident, { idNumberIndex: resident.idNumberIndex })) > 0) throw duplicate();
    try {
      await em.transactional(async (tx) => {
        tx.persist(resident);
        this.events.record(
          tx,
          GridRegistryEvents.residentRegistered,
          resident.id,
          { id: resident.id, householdId: resident.householdId, gridId: resident.gridId, gridCode: resident.gridCode, path: resident.gridPath },
          undefined,
          {
            id: resident.id,
            householdId: resident.householdId,
            name: resident.name,
            idNumber: maskIdNumber(idNumber),
            phone: phone === null ? null : maskPhone(phone),
            gridCode: resident.gridCode,
            path: resident.gridPath,
          },
        );
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw duplicate();
      throw err;
    }
    return this.toView(resident, caller);
  }

  async get(caller: Caller, id: string): Promise<ResidentView> {
    assertStaff(caller);
    const resident = await this.orm.em.fork().findOne(Resident, { id });
    if (!resident) throw GridRegistryException.notFound('Resident', id);
    assertInScope(caller, resident.gridPath, `Resident ${id}`);
    return this.toView(resident, caller);
  }

  async list(caller: Caller, q: ListResidentsQuery): Promise<Page<ResidentView>> {
    assertStaff(caller);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 100;
    const scope = scopeFilter<Resident>(caller, 'gridPath', q.under);
    if (!scope) return { items: [], total: 0, offset, limit };
    const where: FilterQuery<Resident>[] = [scope];
    if (q.household) where.push({ householdId: q.household });
    if (q.q) where.push({ name: { $ilike: `%${escapeLike(q.q)}%` } });
    const [items, total] = await this.orm.em.fork().findAndCount(Resident, { $and: where }, { orderBy: { gridCode: 'asc', name: 'asc', id: 'asc' }, offset, limit });
    return { items: items.map((r) => this.toView(r, caller)), total, offset, limit };
  }

  /** Exact search through the blind indexes: nothing is decrypted to search. */
  async find(caller: Caller, q: FindResidentQuery): Promise<ResidentView[]> {
    assertStaff(caller);
    if ((q.idNumber === undefined) === (q.phone === undefined)) {
      throw GridRegistryException.invalid([{ field: 'idNumber', reason: 'give exactly one of idNumber and phone' }]);
    }
    const match: FilterQuery<Resident> = q.idNumber !== undefined ? { idNumberIndex: this.index.idNumber(q.idNumber) } : { phoneIndex: this.index.phone(q.phone ?? '') };
    const scope = scopeFilter<Resident>(caller, 'gridPath');
    if (!scope) return [];
    const items = await this.orm.em.fork().find(Resident, { $and: [scope, match] }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 100 });
    return items.map((r) => this.toView(r, caller));
  }

  private toView(r: Resident, caller: Caller): ResidentView {
    const full = seesPersonalData(caller);
    const idNumber = this.cipher.decrypt(r.idNumberCipher, ID_NUMBER_CONTEXT);
    const phone = r.phoneCipher === null ? null : this.cipher.decrypt(r.phoneCipher, PHONE_CONTEXT);
    return {
      id: r.id,
      householdId: r.householdId,
      name: r.name,
      idNumber: full ? idNumber : maskIdNumber(idNumber),
      phone: phone === null ? null : full ? phone : maskPhone(phone),
      masked: !full,
      gridCode: r.gridCode,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

function assertStaff(caller: Caller): void {
  assertAllowed(caller.kind === 'staff', 'API clients have no access to residents.');
}

function duplicate(): GridRegistryException {
  return GridRegistryException.conflict('A resident with this ID number is already registered.', [{ field: 'idNumber', reason: 'already registered' }]);
}
