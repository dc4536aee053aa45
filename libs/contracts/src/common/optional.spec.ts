import 'reflect-metadata';

import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';

import { UpdateNodeDto } from '../grid-registry/nodes';
import { UpdateCategoryDto } from '../ticketing/categories';
import { PagingQuery } from './paging';
import { Optional } from './optional';

class Patch {
  @Optional()
  @IsString()
  name?: string;
}

const fields = (cls: new () => object, plain: object) => validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);

describe('Optional', () => {
  it('lets a field be left out, but holds null to the field rules', () => {
    expect(fields(Patch, {})).toEqual([]);
    expect(fields(Patch, { name: 'x' })).toEqual([]);
    expect(fields(Patch, { name: null })).toEqual(['name']);
    expect(fields(Patch, { name: 1 })).toEqual(['name']);
  });

  it('is what the DTOs use: a null name or sort order is refused, not stored', () => {
    expect(fields(UpdateNodeDto, { name: null })).toEqual(['name']);
    expect(fields(UpdateCategoryDto, { name: null, sortOrder: null, limitUnit: null })).toEqual(['name', 'limitUnit', 'sortOrder']);
  });
});

describe('integer bounds', () => {
  it('keeps a sort order inside its 32-bit column and an offset inside what JSON carries exactly', () => {
    expect(fields(UpdateCategoryDto, { sortOrder: 1e21 })).toEqual(['sortOrder']);
    expect(fields(UpdateCategoryDto, { sortOrder: 1_000_000 })).toEqual([]);
    expect(fields(PagingQuery, { offset: '9223372036854775808' })).toEqual(['offset']);
    expect(fields(PagingQuery, { offset: String(Number.MAX_SAFE_INTEGER) })).toEqual([]);
  });
});
