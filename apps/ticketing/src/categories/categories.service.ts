import type { CategoryView } from '@citygrid/contracts/ticketing';
import type { EntityManager } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

import { Category } from '../shared/entities';
import { TicketingException } from '../shared/ticketing.exception';

/** The category tree (seeded by the migration; read-only through the API for now). */
@Injectable()
export class CategoriesService {
  constructor(private readonly orm: MikroORM) {}

  async list(): Promise<CategoryView[]> {
    const rows = await this.orm.em.fork().find(Category, {}, { orderBy: { sortOrder: 'asc' } });
    return rows.map(toCategoryView);
  }

  /** A sub-class cases can be filed under, or 422 naming `categoryCode`. */
  async mustFindLeaf(em: EntityManager, code: string): Promise<Category> {
    const c = await em.findOne(Category, { code });
    if (!c || !c.leaf) {
      throw TicketingException.unprocessable(`Category ${code} is not a known sub-class; see GET /categories.`, [
        { field: 'categoryCode', reason: c ? 'is a class, not a sub-class' : 'unknown category' },
      ]);
    }
    return c;
  }
}

export function toCategoryView(c: Category): CategoryView {
  return { code: c.code, parentCode: c.parentCode, name: c.name, kind: c.kind, leaf: c.leaf, departmentKind: c.departmentKind, limitAmount: c.limitAmount, limitUnit: c.limitUnit };
}
