import { Role } from '@citygrid/contracts/identity';
import { testCaller } from '@citygrid/testing';

import { ancestorsOf, managesCityWide, operatesAt } from './callers';

describe('callers', () => {
  it('names the nodes above a code at the levels of the tree', () => {
    expect(ancestorsOf('4101020050010101')).toEqual(['410102', '410102005', '410102005001', '41010200500101']);
    expect(ancestorsOf('410102005')).toEqual(['410102']);
    expect(ancestorsOf(null)).toEqual([]);
  });

  it('lets operators act in their area only, and city-wide types only to the city and the administrator', () => {
    const path = ['410100', '410102', '410102005', '410102005001'];
    expect(operatesAt(testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005001' }), path)).toBe(true);
    expect(operatesAt(testCaller({ roles: [Role.CommunityOperator], nodeScope: '410102005002' }), path)).toBe(false);
    expect(operatesAt(testCaller({ roles: [Role.GridMember], nodeScope: '410102005001' }), path)).toBe(false);
    expect(managesCityWide(testCaller({ roles: [Role.SystemAdmin], nodeScope: null }))).toBe(true);
    expect(managesCityWide(testCaller({ roles: [Role.CityOperator], nodeScope: '410100' }))).toBe(true);
    expect(managesCityWide(testCaller({ roles: [Role.SubdistrictOperator], nodeScope: '410102005' }))).toBe(false);
  });
});
